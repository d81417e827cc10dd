// A person select that follows its form's organization select: when the organization changes,
// its people are loaded from members:organization_people (scoped to what the user may see).
(function () {
  "use strict";
  document.querySelectorAll("select[data-people-url]").forEach(function (select) {
    var form = select.form;
    var source = form && form.querySelector("select[name='" + select.dataset.organizationField + "']");
    if (!source) return;
    var empty = select.querySelector("option[value='']");
    var placeholder = empty ? empty.textContent : "---------";

    function fill(people) {
      var keep = select.value;
      select.textContent = "";
      select.appendChild(new Option(placeholder, ""));
      people.forEach(function (person) {
        select.appendChild(new Option(person.name, String(person.id)));
      });
      select.value = people.some(function (p) { return String(p.id) === keep; }) ? keep : "";
    }

    source.addEventListener("change", function () {
      if (!source.value) { fill([]); return; }
      select.disabled = true;
      fetch(select.dataset.peopleUrl.replace("{id}", encodeURIComponent(source.value)), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : { people: [] }; })
        .then(function (data) { fill(data.people || []); })
        .catch(function () { fill([]); })
        .finally(function () { select.disabled = false; });
    });
  });
})();
