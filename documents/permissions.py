"""Who may do what with the document layer, as `rules` predicates."""

import rules

from members.permissions import is_leader, is_office

rules.add_perm("documents.manage_issuers", is_office)
rules.add_perm("documents.view_issuers", is_office | is_leader)
# The outgoing-document register: the leadership reads and downloads, the office also numbers.
rules.add_perm("documents.view_register", is_office | is_leader)
rules.add_perm("documents.set_numbers", is_office)
