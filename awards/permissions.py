"""Who may do what with awards and their legal parameters, as `rules` predicates."""

import rules

from members.permissions import is_council, is_leader, is_office

# The council reads the thresholds it votes by; only the office records new values.
rules.add_perm("awards.view_parameters", is_office | is_leader | is_council)
rules.add_perm("awards.manage_parameters", is_office)
