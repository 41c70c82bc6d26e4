// Suggested sites: dental payer portals and clearinghouses billers often use. Offered in the
// options page with a "Turn on" button each; nothing here is ever granted without the user's
// click and the browser's own permission prompt. Addresses only: no guidance text.
(function (root, factory) {
  const api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else (root.cdt = root.cdt || {}).portals = api;
})(globalThis, function () {
  "use strict";

  const SUGGESTED = Object.freeze([
    { name: "Availity (clearinghouse and payer portal)", pattern: "https://*.availity.com/*" },
    { name: "DentalXChange (clearinghouse)", pattern: "https://*.dentalxchange.com/*" },
    { name: "Vyne Dental (clearinghouse)", pattern: "https://*.vynedental.com/*" },
    { name: "Claim.MD (clearinghouse)", pattern: "https://*.claim.md/*" },
    { name: "Delta Dental (provider portal)", pattern: "https://*.deltadentalins.com/*" },
    { name: "MetLife Dental (provider portal)", pattern: "https://*.metdental.com/*" },
    { name: "Cigna for Health Care Professionals", pattern: "https://*.cigna.com/*" },
    { name: "United Concordia (provider portal)", pattern: "https://*.unitedconcordia.com/*" },
    { name: "Guardian Anytime (provider portal)", pattern: "https://*.guardiananytime.com/*" },
  ].map(Object.freeze));

  return { SUGGESTED };
});
