"""Products sold through the supply-demand connection: the rows a unit fills, their checks and their saving;
the criterion's report section, in its form and when criteria are copied."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from factories import CampaignFactory, CriterionFactory
from submission_builders import register, running_campaign

from campaign import services
from campaign import submissions as submission_services
from campaign.forms import CriterionForm
from campaign.forms_submissions import ProductSaleForm, ProductSaleFormSet
from campaign.models import CampaignStatus, ProductSale, ReportTopic
from core.errors import ConflictError

D = Decimal


def sale_form(**data):
    form = ProductSaleForm(data={**{"product": "", "quantity": "", "unit_of_measure": "", "value": ""}, **data})
    form.is_valid()
    return form


def test_an_empty_row_is_skipped():
    form = sale_form()
    assert form.is_valid() and form.is_blank


def test_a_row_begun_must_be_completed_with_the_error_on_each_missing_field():
    with translation.override("en"):
        form = sale_form(product="Cà phê nhân")
        assert set(form.errors) == {"quantity", "unit_of_measure", "value"}
        assert form.errors["value"] == ["Give the value sold, in million VND."]


def test_numbers_typed_the_vietnamese_way_and_bounds():
    form = sale_form(product="  Cà  phê nhân ", quantity="1.250,5", unit_of_measure="tấn", value="50.000")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["product"] == "Cà phê nhân"
    assert (form.cleaned_data["quantity"], form.cleaned_data["value"]) == (D("1250.50"), D("50000.00"))
    assert set(sale_form(product="Bơ", quantity="0", unit_of_measure="tấn", value="3").errors) == {"quantity"}
    assert set(sale_form(product="Bơ", quantity="abc", unit_of_measure="tấn", value="-3").errors) == {
        "quantity",
        "value",
    }


def _formset_data(rows, initial=0):
    data = {"sales-TOTAL_FORMS": str(len(rows)), "sales-INITIAL_FORMS": str(initial), "sales-MAX_NUM_FORMS": "30"}
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"sales-{index}-{key}"] = value
    return data


def test_the_same_product_twice_is_refused_on_its_row():
    formset = ProductSaleFormSet(
        _formset_data(
            [
                {"product": "Hồ tiêu", "quantity": "1", "unit_of_measure": "tấn", "value": "75"},
                {"product": "hồ tiêu", "quantity": "2", "unit_of_measure": "Tấn", "value": "150"},
            ]
        ),
        prefix="sales",
    )
    assert not formset.is_valid()
    assert "product" in formset.forms[1].errors


@pytest.fixture
def setup(own_org):
    setup = running_campaign()
    setup.c.sales.report_topic = ReportTopic.SUPPLY_DEMAND
    setup.c.sales.save()
    register(setup, own_org)
    return setup


@pytest.fixture
def draft(setup, own_org, unit_user):
    return submission_services.open_submission(setup.period, own_org, by=unit_user)


def _post(setup, draft, rows, **values):
    c = setup.c
    data = {
        "version": draft.version,
        f"value_{c.vaccinated.pk}": "90",
        f"value_{c.it.pk}": "1",
        f"value_{c.sales.pk}": "",
        f"note_{c.initiatives.pk}": "Bán hàng qua Zalo",
        "action": "save",
        **_formset_data(rows),
    }
    data.update(values)
    return data


def test_the_form_shows_the_product_rows_in_the_supply_demand_card(client_for, setup, draft, unit_user):
    response = client_for(unit_user).get(reverse("campaign:submission_edit", args=[draft.pk]))
    assert response.status_code == 200
    assert response.context["sales"].criterion == setup.c.sales
    assert 'name="sales-0-product"' in response.text and 'id="product-sales"' in response.text


def test_no_product_rows_without_a_supply_demand_criterion(client_for, own_org, unit_user):
    setup = running_campaign()
    register(setup, own_org)
    draft = submission_services.open_submission(setup.period, own_org, by=unit_user)
    response = client_for(unit_user).get(reverse("campaign:submission_edit", args=[draft.pk]))
    assert response.context["sales"] is None and "product-sales" not in response.text


def test_saving_stores_the_rows_and_an_empty_result_takes_their_total(client_for, setup, draft, unit_user):
    rows = [
        {"product": "Cà phê nhân", "quantity": "2,5", "unit_of_measure": "tấn", "value": "100"},
        {"product": "", "quantity": "", "unit_of_measure": "", "value": ""},
        {"product": "Sầu riêng", "quantity": "1", "unit_of_measure": "tấn", "value": "55,5"},
    ]
    response = client_for(unit_user).post(
        reverse("campaign:submission_edit", args=[draft.pk]), _post(setup, draft, rows)
    )
    assert response.status_code == 302
    assert list(draft.product_sales.values_list("product", "quantity", "unit_of_measure", "value", "order")) == [
        ("Cà phê nhân", D("2.50"), "tấn", D("100.00"), 0),
        ("Sầu riêng", D("1.00"), "tấn", D("55.50"), 1),
    ]
    assert draft.values.get(criterion=setup.c.sales).value == D("155.50")


def test_a_row_with_an_error_saves_nothing_and_shows_the_error_on_its_field(client_for, setup, draft, unit_user):
    rows = [{"product": "Bơ", "quantity": "", "unit_of_measure": "tấn", "value": "20"}]
    response = client_for(unit_user).post(
        reverse("campaign:submission_edit", args=[draft.pk]), _post(setup, draft, rows)
    )
    assert response.status_code == 200
    assert "quantity" in response.context["sales"].forms[0].errors
    assert 'value="Bơ"' in response.text  # what the unit typed is kept
    assert not ProductSale.objects.exists()
    assert draft.values.get(criterion=setup.c.vaccinated).value is None


def test_saving_again_replaces_the_rows_and_removed_rows_go(setup, draft, unit_user):
    sale = {"product": "Bơ", "quantity": D("3"), "unit_of_measure": "tấn", "value": D("66")}
    submission_services.save_values(draft, {}, by=unit_user, version=draft.version, product_sales=[sale])
    submission_services.save_values(draft, {}, by=unit_user, version=draft.version, product_sales=[])
    assert not draft.product_sales.exists()


def test_a_conflicting_save_keeps_the_rows_as_they_were(setup, draft, unit_user):
    sale = {"product": "Bơ", "quantity": D("3"), "unit_of_measure": "tấn", "value": D("66")}
    submission_services.save_values(draft, {}, by=unit_user, version=draft.version, product_sales=[sale])
    with pytest.raises(ConflictError):
        submission_services.save_values(draft, {}, by=unit_user, version=draft.version - 1, product_sales=[])
    assert draft.product_sales.count() == 1


def test_the_criterion_form_offers_the_report_section(db):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT)
    form = CriterionForm(campaign=campaign)
    assert "report_topic" in form.fields
    assert dict(form.fields["report_topic"].choices)["supply_demand"]


def test_copying_criteria_keeps_their_report_section(db):
    source = CampaignFactory()
    CriterionFactory(campaign=source, code="1.1", report_topic=ReportTopic.VACCINATION)
    draft = CampaignFactory(status=CampaignStatus.DRAFT)
    services.copy_criteria(draft, source, by=None)
    assert draft.criteria.get(code="1.1").report_topic == ReportTopic.VACCINATION
