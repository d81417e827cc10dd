"""Who may do what with the document layer, as `rules` predicates."""

import rules

from members.permissions import is_leader, is_office, is_superuser

rules.add_perm("documents.manage_issuers", is_office)
rules.add_perm("documents.view_issuers", is_office | is_leader)
# The outgoing-document register: the leadership reads and downloads, the office also numbers.
rules.add_perm("documents.view_register", is_office | is_leader)
rules.add_perm("documents.set_numbers", is_office)
# Digital signatures: the leadership signs as signer, the office applies the organization's seal,
# both see what waits for an outside signer; an administrator manages keys and trust anchors.
rules.add_perm("documents.sign_as_signer", is_leader)
rules.add_perm("documents.sign_for_organization", is_office)
rules.add_perm("documents.view_signatures", is_office | is_leader)
rules.add_perm("documents.manage_signing_keys", is_superuser)
