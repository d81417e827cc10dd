"""Who may do what with the document layer, as `rules` predicates."""

import rules

from members.permissions import is_leader, is_office

rules.add_perm("documents.manage_issuers", is_office)
rules.add_perm("documents.view_issuers", is_office | is_leader)
