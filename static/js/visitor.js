// The site header is the same for every visitor, so that public pages can be cached (hepcat/page_cache.py).
// This fills in the visitor's own part of it: how many classes they picked, "My account" once signed in, and a
// teacher's "My classes".
(function () {
  "use strict";

  function show(visitor) {
    var cart = document.querySelector(".account-menu__cart");
    if (cart && visitor.cart > 0) {
      cart.querySelector(".account-menu__count").textContent = visitor.cart;
      cart.querySelector(".visually-hidden").textContent = visitor.cart === 1 ? " class picked" : " classes picked";
      cart.hidden = false;
    }
    var account = document.querySelector(".account-menu__account");
    if (account && visitor.signed_in) {
      account.textContent = "My account";
      account.href = visitor.account_url;
    }
    var teaching = document.querySelector(".account-menu__teaching");
    if (teaching && visitor.my_classes_url) {
      teaching.querySelector("a").href = visitor.my_classes_url;
      teaching.hidden = false;
    }
  }

  fetch("/register/visitor.json", { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      return response.ok ? response.json() : null;
    })
    .then(function (visitor) {
      if (visitor) {
        show(visitor);
      }
    })
    .catch(function () {
      // Without it the header still works: Register is on each class, and /account/ asks to log in.
    });
})();
