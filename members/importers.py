"""Importing and exporting the registry's sheets: organizations, people, administrative areas.

An import validates every row first and writes nothing unless all rows are good; the
row-by-row report names the row, the column and what is wrong, in the user's language.
"""

import datetime as dt
import functools
import itertools
from pathlib import Path

from django import forms
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.caching import bump_on_commit
from core.spreadsheets import (
    Column,
    ImportRejected,
    build_workbook,
    cell_text,
    choice_lookup,
    is_formula,
    map_header,
    parse_bool,
    read_table,
    row_values,
)
from core.text import fold

from .areas import ancestors, split_levels, valid_on_day
from .forms import OrganizationForm, PersonForm
from .models import (
    AdministrativeArea,
    AreaLevel,
    Gender,
    ImportJob,
    ImportKind,
    ImportStatus,
    Organization,
    OrganizationKind,
    Person,
    Sector,
)
from .scopes import ORGANIZATIONS
from .signals import organizations_bulk_updated

ORGANIZATION_COLUMNS = [
    Column("name", gettext_lazy("Organization name"), required=True, width=42),
    Column("short_name", gettext_lazy("Short name"), width=16),
    Column("kind", gettext_lazy("Kind"), required=True, width=22),
    Column("tax_code", gettext_lazy("Registration or tax code"), width=18),
    Column("province", gettext_lazy("Province"), width=18),
    Column("district", gettext_lazy("District (before 07/2025)"), width=20),
    Column("commune", gettext_lazy("Commune"), width=20),
    Column("address", gettext_lazy("Address"), width=30),
    Column("sector", gettext_lazy("Sector"), width=22),
    Column("founded_on", gettext_lazy("Founded on"), width=14),
    Column("members_count", gettext_lazy("Members"), width=11),
    Column("workers_count", gettext_lazy("Workers"), width=11),
    Column("representative", gettext_lazy("Legal representative"), width=24),
    Column("phone", gettext_lazy("Phone"), width=14),
    Column("email", gettext_lazy("E-mail"), width=24),
    Column("is_alliance_member", gettext_lazy("Member of the Alliance"), width=12),
    Column("status", gettext_lazy("Operating status"), width=16, export_only=True),
    # The app's own identifier: an export re-imported updates the same rows, never duplicates them.
    Column("id", gettext_lazy("ID in the app (leave empty for a new one)"), width=12),
]
# What the template offers: no export-only column, no identifier (its rows are new).
ORGANIZATION_TEMPLATE_COLUMNS = [c for c in ORGANIZATION_COLUMNS if not c.export_only and c.key != "id"]

PERSON_COLUMNS = [
    Column("full_name", gettext_lazy("Full name"), required=True, width=28),
    Column("gender", gettext_lazy("Gender"), required=True, width=10),
    Column("birth_year", gettext_lazy("Year of birth"), width=12),
    Column("ethnicity", gettext_lazy("Ethnicity"), width=12),
    Column("position", gettext_lazy("Position"), width=24),
    Column("organization", gettext_lazy("Organization (tax code or exact name)"), required=True, width=40),
    Column("is_direct_worker", gettext_lazy("Direct worker"), width=12),
    Column("phone", gettext_lazy("Phone"), width=14),
    Column("email", gettext_lazy("E-mail"), width=24),
]

AREA_COLUMNS = [
    Column("code", gettext_lazy("Code"), required=True, width=10),
    Column("name", gettext_lazy("Name"), required=True, width=30),
    Column("level", gettext_lazy("Level"), required=True, width=14),
    Column("parent_code", gettext_lazy("Parent code"), width=12),
    Column("valid_from", gettext_lazy("Valid from"), width=12),
    Column("valid_until", gettext_lazy("Valid until"), width=12),
    Column("successor_code", gettext_lazy("Merged into (code)"), width=14),
]

KIND_ALIASES = {
    "HTX": OrganizationKind.COOPERATIVE,
    "Hợp tác xã": OrganizationKind.COOPERATIVE,
    "THT": OrganizationKind.GROUP,
    "Tổ hợp tác": OrganizationKind.GROUP,
    "LH HTX": OrganizationKind.UNION,
    "LHHTX": OrganizationKind.UNION,
    "Liên hiệp HTX": OrganizationKind.UNION,
    "Liên hiệp hợp tác xã": OrganizationKind.UNION,
    "QTDND": OrganizationKind.CREDIT_FUND,
    "Quỹ tín dụng nhân dân": OrganizationKind.CREDIT_FUND,
    "Liên minh HTX": OrganizationKind.ALLIANCE,
    "Phòng": OrganizationKind.DEPARTMENT,
    "Ban": OrganizationKind.DEPARTMENT,
}
GENDER_ALIASES = {"Nữ": Gender.FEMALE, "Nam": Gender.MALE, "F": Gender.FEMALE, "M": Gender.MALE}
LEVEL_ALIASES = {
    "Tỉnh": AreaLevel.PROVINCE,
    "Thành phố Trung ương": AreaLevel.PROVINCE,
    "Thành phố trực thuộc trung ương": AreaLevel.PROVINCE,
    "Huyện": AreaLevel.DISTRICT,
    "Quận": AreaLevel.DISTRICT,
    "Thị xã": AreaLevel.DISTRICT,
    "Thành phố thuộc tỉnh": AreaLevel.DISTRICT,
    "Xã": AreaLevel.COMMUNE,
    "Phường": AreaLevel.COMMUNE,
    "Thị trấn": AreaLevel.COMMUNE,
    "Đặc khu": AreaLevel.COMMUNE,
}
AREA_PREFIXES = (
    "thanh pho ",
    "tp. ",
    "tp ",
    "tinh ",
    "huyen ",
    "quan ",
    "thi xa ",
    "thi tran ",
    "xa ",
    "phuong ",
    "dac khu ",
)


# The same few kinds, sectors and place names come on every row of a file: folded once each.
_folded = functools.lru_cache(maxsize=4096)(fold)


def area_key(name):
    """A place name without its type word: 'Huyện Cư Jút' and 'cu jut' match."""
    text = _folded(name)
    for prefix in AREA_PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix) :].strip()
    return text


class RowError(Exception):
    def __init__(self, column, message):
        super().__init__(message)
        self.column = column
        self.message = message


# --- exports -------------------------------------------------------------------------


def organization_row(org):
    return [
        org.name,
        org.short_name,
        org.get_kind_display(),
        org.tax_code,
        org.province.name if org.province else "",
        org.district.name if org.district else "",
        org.commune.name if org.commune else "",
        org.address,
        org.get_sector_display(),
        org.founded_on,
        org.members_count,
        org.workers_count,
        org.representative,
        org.phone,
        org.email,
        _("yes") if org.is_alliance_member else _("no"),
        org.get_status_display(),
        org.pk,
    ]


def person_row(person):
    return [
        person.full_name,
        person.get_gender_display(),
        person.birth_year,
        person.ethnicity,
        person.position,
        person.organization.tax_code or person.organization.name,
        _("yes") if person.is_direct_worker else _("no"),
        person.phone,
        person.email,
    ]


def area_row(area):
    return [
        area.code,
        area.name,
        area.get_level_display(),
        area.parent.code if area.parent else "",
        area.valid_from,
        area.valid_until,
        area.successor.code if area.successor else "",
    ]


def export_organizations(queryset):
    rows = (organization_row(o) for o in queryset.select_related("province", "district", "commune").iterator(2000))
    return build_workbook(_("Organizations"), ORGANIZATION_COLUMNS, rows)


def export_people(queryset, *, contacts=True):
    """The people as the import reads them; without phone and e-mail when `contacts` is False."""
    rows = (person_row(p) for p in queryset.select_related("organization").iterator(2000))
    if not contacts:
        rows = ([*row[:-2], "", ""] for row in rows)
    return build_workbook(_("People"), PERSON_COLUMNS, rows)


def export_areas(queryset):
    rows = (area_row(a) for a in queryset.select_related("parent", "successor").iterator(2000))
    return build_workbook(_("Areas"), AREA_COLUMNS, rows)


def template_workbook(kind):
    """An empty sheet with the header; the instructions and an example row on a sheet of their own
    (never imported). The example's place is on today's map (no district after the 2025 reform)."""
    notes = [
        _("Fill one row per record from row 2; keep the header row as it is. Columns marked * are required."),
        _("Dates are written dd/mm/yyyy. Yes/no columns take “có” or “không”."),
        _("Nothing is imported when any row has an error: the report lists every row to correct."),
    ]
    if kind == ImportKind.ORGANIZATIONS:
        notes.append(
            _("Kind: %(values)s.") % {"values": "; ".join(str(label) for _c, label in OrganizationKind.choices)}
        )
        notes.append(_("Sector: %(values)s.") % {"values": "; ".join(str(label) for _c, label in Sector.choices)})
        notes.append(_("A row whose registration or tax code already exists updates that organization."))
        province, district, commune = example_place(timezone.localdate())
        example = [
            "Hợp tác xã Nông nghiệp Dịch vụ Ví dụ",
            "HTX Ví dụ",
            "Hợp tác xã",
            "6400999999",
            province,
            district,
            commune,
            "Thôn 1",
            "Nông nghiệp",
            dt.date(2018, 3, 15),
            12,
            30,
            "Nguyễn Văn A",
            "0261 3 123 456",
            "",
            "có",
        ]
        return build_workbook(_("Organizations"), ORGANIZATION_TEMPLATE_COLUMNS, [], notes, example=example)
    if kind == ImportKind.PEOPLE:
        notes.append(_("Organization: its registration or tax code, or its exact name."))
        notes.append(
            _("A row with the same name, year of birth and organization as an existing person updates that person.")
        )
        example = ["Nguyễn Thị B", "Nữ", 1985, "Kinh", "Xã viên", "6400999999", "có", "", ""]
        return build_workbook(_("People"), PERSON_COLUMNS, [], notes, example=example)
    notes.append(_("Level: province, district or commune (or Tỉnh, Huyện, Xã… as in the statistics office's list)."))
    notes.append(_("Parent and merged-into codes are matched to the area valid on the row's dates."))
    example = ["67", "Tỉnh Đắk Nông", "Tỉnh", "", "", dt.date(2025, 6, 30), "68"]
    return build_workbook(_("Areas"), AREA_COLUMNS, [], notes, example=example)


def example_place(day):
    """(province, district, commune) names of a real place on the map of `day`, for the template's
    example row: a commune with its district while districts exist; blanks without any area."""
    communes = valid_on_day(AdministrativeArea.objects.filter(level=AreaLevel.COMMUNE), day)
    commune = communes.select_related("parent__parent").order_by("parent__name", "name").first()
    if commune is None:
        province = valid_on_day(AdministrativeArea.objects.filter(level=AreaLevel.PROVINCE), day).order_by("name")
        return (getattr(province.first(), "name", ""), "", "")
    chain = {area.level: area.name for area in ancestors(commune)}
    return (chain.get(AreaLevel.PROVINCE, ""), chain.get(AreaLevel.DISTRICT, ""), commune.name)


# --- imports -------------------------------------------------------------------------


class AreaIndex:
    """Areas in memory for matching names and codes during an import.

    Built once per import: names are folded once and parents followed by id, so a row
    costs dictionary look-ups rather than a scan of every area and a query per parent.
    """

    def __init__(self):
        self.by_pk = {a.pk: a for a in AdministrativeArea.objects.all()}
        self.levels = {}  # level -> {name key or code: [areas]}, folded when a row first asks for the level

    def _keys(self, level):
        if level not in self.levels:
            keys = self.levels[level] = {}
            for area in self.by_pk.values():
                if area.level == level:
                    keys.setdefault(area_key(area.name), []).append(area)
                    keys.setdefault(area.code, []).append(area)
        return self.levels[level]

    def by_name(self, name, level, within=None):
        keys = self._keys(level)
        found = keys.get(area_key(name), []) + keys.get(str(name).strip(), [])
        found = list({a.pk: a for a in found}.values())
        if within is not None:
            found = [a for a in found if self._is_within(a, within)]
        return found

    def _is_within(self, area, container):
        while area is not None:
            if area.pk == container.pk:
                return True
            area = self.by_pk.get(area.parent_id)
        return False


def _choice(value, lookup, column):
    code = lookup.get(_folded(cell_text(value)))
    if code is None:
        raise RowError(column, _("“%(value)s” is not one of the allowed values.") % {"value": cell_text(value)})
    return code


def _unique(found, column, value):
    if not found:
        raise RowError(column, _("No area named “%(value)s” was found.") % {"value": value})
    if len(found) > 1:
        raise RowError(
            column, _("Several areas are named “%(value)s”: give the district or province too.") % {"value": value}
        )
    return found[0]


def _form_errors(form, columns):
    labels = {c.key: str(c.label) for c in columns}
    errors = []
    for field, messages in form.errors.items():
        for message in messages:
            errors.append((labels.get(field, str(form.fields[field].label) if field in form.fields else ""), message))
    return errors


def changed_fields(instance, stored=None):
    """The names of the concrete fields whose value differs from the row saved in the database
    (`stored`: that row's {attname: value}, taken when it was loaded; else read now)."""
    if stored is None:
        stored = type(instance).objects.filter(pk=instance.pk).values().first() or {}
    return [
        field.name
        for field in instance._meta.concrete_fields
        if field.attname in stored and stored[field.attname] != getattr(instance, field.attname)
    ]


# An id no integer column can hold names no organization (and would break the query).
ID_LIMIT = 2**63
# Values bound in one query: SQLite takes at most 32,766, a file at most IMPORT_MAX_ROWS codes and ids.
CHECK_CHUNK = 5_000
# Rows written by one INSERT or UPDATE.
WRITE_BATCH = 1_000


def _chunks(items, size):
    items = sorted(items)
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


class OrganizationImporter:
    """Organizations by the rules of OrganizationForm, in bulk.

    `prepare` loads, in one query, every organization the file names by code or ID, and builds
    the one form that checks every row (`BaseForm.rebind`), given the codes' owners so that no
    row queries; `save_all` writes the new rows and the changed ones with their history rows,
    a batch at a time.
    """

    columns = ORGANIZATION_COLUMNS

    def __init__(self):
        self.kinds = choice_lookup(OrganizationKind.choices, KIND_ALIASES)
        self.sectors = choice_lookup(Sector.choices)
        self.areas = AreaIndex()
        self.label = {c.key: str(c.label) for c in self.columns}
        self.by_code = {}
        self.by_id = {}
        self.stored = {}  # organization id -> {attname: value} as loaded, to tell what a row changes
        self.seen_codes = {}
        self.seen_ids = {}
        self.seen_targets = {}
        self.form = None

    def prepare(self, rows):
        """Load the organizations that the rows' codes and IDs name: one query (per 5,000 of them)."""
        codes = {cell_text(values.get("tax_code")) for values in rows} - {""}
        ids = set()
        for values in rows:
            text = cell_text(values.get("id"))
            if text.isdigit() and int(text) < ID_LIMIT:
                ids.add(int(text))
        fields = Organization._meta.concrete_fields
        for code_chunk, id_chunk in itertools.zip_longest(
            _chunks(codes, CHECK_CHUNK), _chunks(ids, CHECK_CHUNK), fillvalue=[]
        ):
            if not code_chunk and not id_chunk:
                continue
            for org in Organization.objects.filter(Q(tax_code__in=code_chunk) | Q(pk__in=id_chunk)):
                if org.pk in self.by_id:
                    continue
                self.by_id[org.pk] = org
                self.stored[org.pk] = {field.attname: getattr(org, field.attname) for field in fields}
                if org.tax_code:
                    self.by_code[org.tax_code] = org
        self.form = OrganizationForm(code_owners={code: org.pk for code, org in self.by_code.items()})
        for key in ("parent", "province", "district", "commune"):
            self.form.fields.pop(key)

    def validate(self, number, values):
        """(the organization to write, []) or (None, [(column, message)]); after `prepare`."""
        label = self.label
        data = {key: cell_text(v) for key, v in values.items()}
        problems = []
        try:
            data["kind"] = _choice(values.get("kind"), self.kinds, label["kind"])
        except RowError as err:
            problems.append((err.column, err.message))
        if data.get("sector"):
            try:
                data["sector"] = _choice(values.get("sector"), self.sectors, label["sector"])
            except RowError as err:
                problems.append((err.column, err.message))
        else:
            data["sector"] = Sector.OTHER
        try:
            data["is_alliance_member"] = parse_bool(values.get("is_alliance_member", "có") or "có")
        except forms.ValidationError as err:
            problems.append((label["is_alliance_member"], err.messages[0]))
        province = district = commune = None
        try:
            if data.get("province"):
                found = self.areas.by_name(data["province"], AreaLevel.PROVINCE)
                if len(found) > 1:  # a province that kept its name in 2025: a district means the former one
                    former = bool(data.get("district"))
                    found = [a for a in found if (a.valid_until is not None) == former] or found
                province = _unique(found, label["province"], data["province"])
            if data.get("district"):
                district = _unique(
                    self.areas.by_name(data["district"], AreaLevel.DISTRICT, province),
                    label["district"],
                    data["district"],
                )
            if data.get("commune"):
                commune = _unique(
                    self.areas.by_name(data["commune"], AreaLevel.COMMUNE, district or province),
                    label["commune"],
                    data["commune"],
                )
        except RowError as err:
            problems.append((err.column, err.message))
        code = data.get("tax_code", "")
        instance = self.by_code.get(code) if code else None
        own_id = data.pop("id", "")
        duplicate = False
        if own_id:
            # The app's identifier (an export re-imported) names the organization, whatever its code.
            instance = self.by_id.get(int(own_id)) if own_id.isdigit() and int(own_id) < ID_LIMIT else None
            if instance is None:
                problems.append((label["id"], _("No organization has this ID; leave it empty for a new one.")))
            elif own_id in self.seen_ids:
                duplicate = True
                problems.append((label["id"], _("This ID is also in row %(row)s.") % {"row": self.seen_ids[own_id]}))
            self.seen_ids[own_id] = number
        if code and code in self.seen_codes:
            duplicate = True
            problems.append(
                (label["tax_code"], _("This code is also in row %(row)s.") % {"row": self.seen_codes[code]})
            )
        if code:
            self.seen_codes[code] = number
        if instance is not None:
            if instance.pk in self.seen_targets and not duplicate:
                # One row by its ID, another by the code the organization has: both would write it.
                problems.append(
                    (
                        label["id"] if own_id else label["tax_code"],
                        _("This organization is also in row %(row)s.") % {"row": self.seen_targets[instance.pk]},
                    )
                )
            self.seen_targets.setdefault(instance.pk, number)
        for key in ("province", "district", "commune"):
            data.pop(key, None)
        for key in ("members_count", "workers_count"):
            data[key] = data.get(key) or "0"
        if not self.form.rebind(data, instance if instance is not None else Organization()):
            reported = {column for column, _message in problems}
            problems.extend(p for p in _form_errors(self.form, self.columns) if p[0] not in reported)
        if problems:
            return None, problems
        org = self.form.save(commit=False)
        lowest = commune or district or province
        if lowest is not None:
            org.province, org.district, org.commune = split_levels(lowest, self.areas.by_pk)
        return org, []

    def save_all(self, organizations, by):
        """Write the new rows and those that change something, each with its history row (none
        for a row that changes nothing), WRITE_BATCH rows a query. (created, updated)."""
        created = [org for org in organizations if org.pk is None]
        changed = [org for org in organizations if org.pk is not None and changed_fields(org, self.stored[org.pk])]
        bulk_create_with_history(created, Organization, batch_size=WRITE_BATCH, default_user=by)
        if changed:
            now = timezone.now()  # what save() puts in the auto_now field; bulk_update does not
            for org in changed:
                org.updated_at = now
            fields = [*self.form.fields, "province", "district", "commune", "updated_at"]
            bulk_update_with_history(changed, Organization, fields, batch_size=WRITE_BATCH, default_user=by)
            organizations_bulk_updated.send(
                sender=Organization, changes=[(org, self.stored[org.pk]) for org in changed]
            )
        if created or changed:
            bump_on_commit(ORGANIZATIONS)  # bulk writes send no post_save: what is kept of the register goes
        return len(created), len(changed)


class PersonImporter:
    columns = PERSON_COLUMNS

    def __init__(self):
        self.genders = choice_lookup(Gender.choices, GENDER_ALIASES)
        self.by_code = {}
        self.by_name = {}
        for org in Organization.objects.only("pk", "name", "tax_code"):
            if org.tax_code:
                self.by_code[org.tax_code] = org
            self.by_name.setdefault(fold(org.name), []).append(org)
        self.existing = {}
        for person in Person.objects.only("pk", "full_name", "birth_year", "organization_id"):
            self.existing[(fold(person.full_name), person.birth_year, person.organization_id)] = person.pk

    def validate(self, number, values):

        label = {c.key: str(c.label) for c in self.columns}
        data = {key: cell_text(v) for key, v in values.items()}
        problems = []
        try:
            data["gender"] = _choice(values.get("gender"), self.genders, label["gender"])
        except RowError as err:
            problems.append((err.column, err.message))
        try:
            data["is_direct_worker"] = parse_bool(values.get("is_direct_worker"))
        except forms.ValidationError as err:
            problems.append((label["is_direct_worker"], err.messages[0]))
        ref = data.get("organization", "")
        org = self.by_code.get(ref)
        if org is None:
            matches = self.by_name.get(fold(ref), [])
            if len(matches) == 1:
                org = matches[0]
            elif len(matches) > 1:
                problems.append((label["organization"], _("Several organizations have this name: use the tax code.")))
            else:
                problems.append((label["organization"], _("No organization “%(value)s” was found.") % {"value": ref}))
        data["organization"] = org.pk if org else ""
        data["ethnicity"] = data.get("ethnicity") or "Kinh"
        instance = None
        if org is not None:
            try:
                year = int(data.get("birth_year") or 0) or None
            except ValueError:
                year = None
            pk = self.existing.get((fold(data.get("full_name", "")), year, org.pk))
            instance = Person.objects.get(pk=pk) if pk else None
        form = PersonForm(data=data, instance=instance)
        if not form.is_valid():
            problems.extend(
                p for p in _form_errors(form, self.columns) if not (p[0] == label["organization"] and org is None)
            )
        if problems:
            return None, problems
        return form, []

    def save(self, form, by):
        """True when created, False when updated, None when the row changes nothing (no history row)."""
        person = form.save(commit=False)
        created = person.pk is None
        if not created and not changed_fields(person):
            return None
        person._history_user = by
        person.save()
        return created

    def save_all(self, prepared, by):
        """(created, updated), the rows saved one by one."""
        outcomes = [self.save(form, by) for form in prepared]
        return outcomes.count(True), outcomes.count(False)


class AreaImporter:
    columns = AREA_COLUMNS

    def __init__(self):
        self.levels = choice_lookup(AreaLevel.choices, LEVEL_ALIASES)
        self.rows = []
        self.keys = {}

    def validate(self, number, values):
        label = {c.key: str(c.label) for c in self.columns}
        data = {key: cell_text(v) for key, v in values.items()}
        problems = []
        level = None
        try:
            level = _choice(values.get("level"), self.levels, label["level"])
        except RowError as err:
            problems.append((err.column, err.message))
        dates = {}
        for key in ("valid_from", "valid_until"):
            dates[key] = None
            if data.get(key):
                try:
                    dates[key] = _parse_date(values.get(key))
                except ValueError:
                    problems.append((label[key], _("Write the date as dd/mm/yyyy.")))
        if dates["valid_from"] and dates["valid_until"] and dates["valid_until"] < dates["valid_from"]:
            problems.append((label["valid_until"], _("The end date is before the start date.")))
        code = data.get("code", "")
        if code and not code.isdigit():
            problems.append((label["code"], _("A code has digits only.")))
        if level == AreaLevel.PROVINCE and data.get("parent_code"):
            problems.append((label["parent_code"], _("A province has no parent.")))
        if level in (AreaLevel.DISTRICT, AreaLevel.COMMUNE) and not data.get("parent_code"):
            problems.append((label["parent_code"], _("Give the code of the province or district it belongs to.")))
        key = (level, code, dates["valid_from"])
        if key in self.keys:
            problems.append((label["code"], _("This code is also in row %(row)s.") % {"row": self.keys[key]}))
        self.keys[key] = number
        if problems:
            return None, problems
        row = {
            "number": number,
            "code": code,
            "name": data["name"],
            "level": level,
            "parent_code": data.get("parent_code", ""),
            "successor_code": data.get("successor_code", ""),
            **dates,
        }
        self.rows.append(row)
        return row, []

    def check_links(self):
        """Parents and successors must resolve, within the file or to stored areas, by date."""
        label = {c.key: str(c.label) for c in self.columns}
        stored = list(AdministrativeArea.objects.all())
        candidates = [(r["level"], r["code"], r["valid_from"], r["valid_until"]) for r in self.rows] + [
            (a.level, a.code, a.valid_from, a.valid_until) for a in stored
        ]
        problems = []
        for row in self.rows:
            if row["parent_code"]:
                day = row["valid_until"] or row["valid_from"] or timezone.localdate()
                parent_levels = (
                    [AreaLevel.PROVINCE]
                    if row["level"] == AreaLevel.DISTRICT
                    else [AreaLevel.DISTRICT, AreaLevel.PROVINCE]
                )
                if not _resolve(candidates, parent_levels, row["parent_code"], day):
                    problems.append(
                        (
                            row["number"],
                            label["parent_code"],
                            _("No area with code %(code)s exists on the row's dates.") % {"code": row["parent_code"]},
                        )
                    )
            if row["successor_code"]:
                if not row["valid_until"]:
                    problems.append(
                        (
                            row["number"],
                            label["valid_until"],
                            _("An area merged into another needs the date it ceased."),
                        )
                    )
                    continue
                day = row["valid_until"] + dt.timedelta(days=1)
                if not _resolve(candidates, [row["level"]], row["successor_code"], day):
                    problems.append(
                        (
                            row["number"],
                            label["successor_code"],
                            _("No area with code %(code)s exists the day after this one ceased.")
                            % {"code": row["successor_code"]},
                        )
                    )
        return problems

    def save_all(self, by):
        """Upsert every row by (level, code, valid_from), then link parents and successors.

        Rows whose values are unchanged are not saved again, so reloading the same list
        adds no history.
        """
        existing = {(a.level, a.code, a.valid_from): a for a in AdministrativeArea.objects.all()}
        changed = set()
        created_pks = set()
        saved = []
        for row in self.rows:
            key = (row["level"], row["code"], row["valid_from"])
            area = existing.get(key)
            if area is None:
                area = AdministrativeArea(level=row["level"], code=row["code"], valid_from=row["valid_from"])
            if area.pk is None or area.name != row["name"] or area.valid_until != row["valid_until"]:
                is_new = area.pk is None
                area.name, area.valid_until = row["name"], row["valid_until"]
                area._history_user = by
                area.save()
                if is_new:
                    created_pks.add(area.pk)
                changed.add(area.pk)
                existing[key] = area
            saved.append((area, row))
        everything = list(existing.values())
        for area, row in saved:
            parent = successor = None
            if row["parent_code"]:
                day = row["valid_until"] or row["valid_from"] or timezone.localdate()
                levels = (
                    [AreaLevel.PROVINCE]
                    if row["level"] == AreaLevel.DISTRICT
                    else [AreaLevel.DISTRICT, AreaLevel.PROVINCE]
                )
                parent = _pick(everything, levels, row["parent_code"], day)
            if row["successor_code"]:
                successor = _pick(
                    everything, [row["level"]], row["successor_code"], row["valid_until"] + dt.timedelta(days=1)
                )
            if area.parent_id != (parent.pk if parent else None) or area.successor_id != (
                successor.pk if successor else None
            ):
                area.parent, area.successor = parent, successor
                area._history_user = by
                area.save(update_fields=["parent", "successor"])
                changed.add(area.pk)
        return len(created_pks), len(changed - created_pks)


def _valid(start, end, day):
    return (start is None or start <= day) and (end is None or day <= end)


def _resolve(candidates, levels, code, day):
    return any(level in levels and c == code and _valid(start, end, day) for level, c, start, end in candidates)


def _pick(areas, levels, code, day):
    for level in levels:
        for area in areas:
            if area.level == level and area.code == code and area.is_valid_on(day):
                return area
    return None


def _parse_date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


IMPORTERS = {
    ImportKind.ORGANIZATIONS: OrganizationImporter,
    ImportKind.PEOPLE: PersonImporter,
    ImportKind.AREAS: AreaImporter,
}

PROGRESS_EVERY = 200


def run_import(job, *, by=None):
    """Check every row of the job's file, then import all of them or none.

    Safe to run twice: a job that has already finished is left as it is.
    """
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PENDING).update(status=ImportStatus.RUNNING)
    if not claimed:
        return job
    job.refresh_from_db()
    by = by or job.created_by
    importer = IMPORTERS[job.kind]()
    errors = []
    try:
        with job.file.open("rb") as handle:
            header, body = read_table(handle, job.original_name, settings.IMPORT_MAX_ROWS)
        positions = map_header(header, importer.columns)
        ImportJob.objects.filter(pk=job.pk).update(total_rows=len(body))
        rows = []
        for number, row in body:
            values = row_values(row, positions)
            formula_columns = [c for c in importer.columns if c.key in values and is_formula(values[c.key])]
            for column in formula_columns:
                # Reported, and the rest of the row is still checked so one pass lists every problem.
                values[column.key] = None
            rows.append((number, values, formula_columns))
        if hasattr(importer, "prepare"):
            importer.prepare([values for _number, values, _formulas in rows])
        prepared = []
        for index, (number, values, formula_columns) in enumerate(rows, start=1):
            for column in formula_columns:
                message = _("Formulas are not accepted: type the value.")
                errors.append({"row": number, "column": str(column.label), "message": message})
            result, problems = importer.validate(number, values)
            if formula_columns:
                result = None
            for column, message in problems:
                errors.append({"row": number, "column": column, "message": str(message)})
            if result is not None:
                prepared.append(result)
            if index % PROGRESS_EVERY == 0:
                ImportJob.objects.filter(pk=job.pk).update(processed_rows=index)
        if isinstance(importer, AreaImporter) and not errors:
            for number, column, message in importer.check_links():
                errors.append({"row": number, "column": column, "message": str(message)})
    except ImportRejected as exc:
        errors = [{"row": 0, "column": "", "message": str(exc)}]
    except Exception as exc:  # an unexpected fault: record it so the user sees why
        return _finish(job, ImportStatus.FAILED, failure=f"{type(exc).__name__}: {exc}")
    if errors:
        return _finish(job, ImportStatus.REJECTED, errors=errors)
    try:
        with transaction.atomic():
            if isinstance(importer, AreaImporter):
                created, updated = importer.save_all(by)
            else:
                created, updated = importer.save_all(prepared, by)
    except Exception as exc:
        return _finish(job, ImportStatus.FAILED, failure=f"{type(exc).__name__}: {exc}")
    return _finish(job, ImportStatus.DONE, created=created, updated=updated)


def _finish(job, status, *, errors=(), failure="", created=0, updated=0):
    job.status = status
    job.errors = list(errors)
    job.failure = failure
    job.created_count = created
    job.updated_count = updated
    job.processed_rows = job.total_rows = ImportJob.objects.values_list("total_rows", flat=True).get(pk=job.pk)
    job.finished_at = timezone.now()
    job.save(
        update_fields=["status", "errors", "failure", "created_count", "updated_count", "processed_rows", "finished_at"]
    )
    return job


def load_area_file(path, *, by=None):
    """Load an area list from a file on disk (the shipped list, a newer one from the office).

    Raises ImportRejected with the row-level report when any row is bad; writes nothing then.
    """

    path = Path(path)
    importer = AreaImporter()
    errors = []
    with path.open("rb") as handle:
        header, body = read_table(handle, path.name, max_rows=100_000)
    positions = map_header(header, importer.columns)
    for number, row in body:
        _result, problems = importer.validate(number, row_values(row, positions))
        errors.extend(f"{number}: {column}: {message}" for column, message in problems)
    if not errors:
        errors.extend(f"{number}: {column}: {message}" for number, column, message in importer.check_links())
    if errors:
        raise ImportRejected("; ".join(errors[:20]))
    with transaction.atomic():
        return importer.save_all(by)
