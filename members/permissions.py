"""Who may do what in the member registry, as `rules` predicates.

Staff (office, leadership) and the Council read the whole registry; a unit
representative reaches only its own organization and its people.
"""

import rules

from .models import Role


def _has_role(role):
    @rules.predicate(name=f"is_{role}")
    def predicate(user):
        return bool(user and user.is_authenticated and user.is_active and getattr(user, "role", "") == role)

    return predicate


is_superuser = rules.predicate(lambda user: bool(user and user.is_active and user.is_superuser), name="is_superuser")
is_office = _has_role(Role.OFFICE) | is_superuser
is_leader = _has_role(Role.LEADER)
is_council = _has_role(Role.COUNCIL)
is_unit = _has_role(Role.UNIT)
reads_registry = is_office | is_leader | is_council


@rules.predicate
def is_own_organization(user, organization):
    return organization is not None and is_unit(user) and user.organization_id == organization.pk


@rules.predicate
def is_own_person(user, person):
    return person is not None and is_unit(user) and user.organization_id == person.organization_id


rules.add_perm("members.view_registry", reads_registry)
rules.add_perm("members.view_organization", reads_registry | is_own_organization)
rules.add_perm("members.add_organization", is_office)
rules.add_perm("members.change_organization", is_office | is_own_organization)
rules.add_perm("members.change_status", is_office)
rules.add_perm("members.archive_organization", is_office)
rules.add_perm("members.view_person", reads_registry | is_own_person)
# A person's phone and e-mail: the office and the leadership, and the person's own unit; not the Council.
rules.add_perm("members.view_contacts", is_office | is_leader | is_own_person)
rules.add_perm("members.export_contacts", is_office | is_leader)
rules.add_perm("members.add_person", is_office | is_unit)
rules.add_perm("members.change_person", is_office | is_own_person)
rules.add_perm("members.import_data", is_office)
rules.add_perm("members.manage_accounts", is_office)


# Separation of duties (issue 16): the office manages unit and Council accounts; only a
# superuser creates, promotes, changes or resets the password of an office or leadership
# account (or another superuser), so that the office can never act as the leadership.
PRIVILEGED_ROLES = (Role.OFFICE, Role.LEADER)


def is_privileged_role(role):
    return role in PRIVILEGED_ROLES


@rules.predicate
def is_privileged_account(user, account):
    return account is not None and (account.is_superuser or is_privileged_role(account.role))


rules.add_perm("members.change_account", is_superuser | (is_office & ~is_privileged_account))
rules.add_perm("members.grant_privileged_roles", is_superuser)
rules.add_perm("members.manage_areas", is_office)
