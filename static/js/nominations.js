// The nomination form: show the nominee field of the chosen kind, and only the awards that accept it.
(function () {
  "use strict";
  var form = document.querySelector(".nomination-form");
  if (!form) return;
  var radios = form.querySelectorAll("input[name=nominee_kind]");
  var award = form.querySelector("select[name=award_type]");

  function chosenKind() {
    for (var i = 0; i < radios.length; i++) if (radios[i].checked) return radios[i].value;
    return null;
  }

  function update() {
    var kind = chosenKind();
    if (!kind) return;
    form.querySelectorAll(".nominee-field").forEach(function (box) {
      box.hidden = (box.dataset.kind || "").split(" ").indexOf(kind) === -1;
    });
    if (!award) return;
    var current = award.options[award.selectedIndex];
    Array.prototype.forEach.call(award.options, function (option) {
      if (!option.value) return;
      var kinds = (option.dataset.kinds || "").split(" ");
      var fits = kinds.indexOf(kind) !== -1;
      option.hidden = !fits;
      option.disabled = !fits;
    });
    if (current && current.disabled) award.value = "";
  }

  radios.forEach(function (radio) { radio.addEventListener("change", update); });
  update();
})();

// The campaign, or the fields of an award outside any campaign (the deed, its date, the years of service).
(function () {
  "use strict";
  var form = document.querySelector(".nomination-form");
  if (!form) return;
  var choice = form.querySelector("select[name=occasion]");
  if (!choice) return;
  function update() {
    form.querySelectorAll(".occasion-field").forEach(function (box) {
      box.hidden = (box.dataset.occasion || "").split(" ").indexOf(choice.value) === -1;
    });
  }
  choice.addEventListener("change", update);
  update();
})();
