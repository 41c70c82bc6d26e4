"""The OpenAPI document validates, names every route, and comes from the same schemas."""
from openapi_spec_validator import validate

from cdt_server.openapi import openapi_path


def test_document_validates(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    validate(doc)
    assert doc["openapi"].startswith("3.")


def test_every_route_is_documented(app, client):
    doc = client.get("/api/v1/openapi.json").get_json()
    routes = {(openapi_path(r.rule), m.lower()) for r in app.url_map.iter_rules()
              for m in r.methods - {"HEAD", "OPTIONS"}}
    documented = {(p, m) for p, ops in doc["paths"].items() for m in ops}
    assert routes == documented
    assert {p for p, _ in routes} == {
        "/healthz", "/api/v1/codes/{code}", "/api/v1/codes", "/api/v1/codes/lookup", "/api/v1/search",
        "/api/v1/suggest", "/api/v1/claims/check", "/api/v1/openapi.json", "/api/v1/eligibility",
        "/api/v1/profiles", "/api/v1/codes/{code}/diagnoses", "/api/v1/diagnoses/{icd}"}


def test_operations_name_their_schemas_and_errors(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    paths = doc["paths"]
    schemas = doc["components"]["schemas"]
    assert {"Record", "Error", "LookupRequest", "LookupResponse", "ClaimCheckRequest", "FindingList",
            "Finding", "HitList"} <= set(schemas)
    record = paths["/api/v1/codes/{code}"]["get"]["responses"]
    assert record["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Record"}
    assert {"304", "400", "404", "500"} <= set(record)
    assert "ETag" in record["200"]["headers"]
    lookup = paths["/api/v1/codes/lookup"]["post"]
    assert lookup["requestBody"]["content"]["application/json"]["schema"] == \
        {"$ref": "#/components/schemas/LookupRequest"}
    assert schemas["LookupRequest"]["properties"]["codes"]["maxItems"] == 500
    assert {"413", "415", "422"} <= set(lookup["responses"])
    search_params = {p["name"]: p for p in paths["/api/v1/search"]["get"]["parameters"]}
    assert search_params["q"]["required"] is True and search_params["limit"]["schema"]["maximum"] == 100
    assert set(schemas["Record"]["required"]) >= {"code", "title", "summary", "requires", "edition", "status"}


def test_document_is_built_once(client):
    a = client.get("/api/v1/openapi.json").get_data()
    assert client.get("/api/v1/openapi.json").get_data() == a
