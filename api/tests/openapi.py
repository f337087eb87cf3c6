"""The portal's OpenAPI schema as JSON Schema, to check that the API's answers follow it.

OpenAPI 3.0 writes `nullable: true` where JSON Schema lists "null" among the types; and an
object the schema describes may not carry a key the schema does not name (`additionalProperties`
is made false), so an answer with a field the documentation leaves out fails too. A blank
URL field is documented as `oneOf` a blank string or a URI; formats are not checked here, so
the blank string fits both, and `oneOf` is read as `anyOf`.
"""

from drf_spectacular.generators import SchemaGenerator
from jsonschema import Draft202012Validator


def openapi_schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _as_json_schema(node):
    if isinstance(node, list):
        return [_as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _as_json_schema(value) for key, value in node.items()}
    if "oneOf" in node:
        node["anyOf"] = node.pop("oneOf")
    if node.get("type") == "object" and "properties" in node:
        node.setdefault("additionalProperties", False)
    if node.pop("nullable", False):
        if "enum" in node:
            node["enum"] = [*node["enum"], None]
        if "type" in node:
            node["type"] = [node["type"], "null"]
        else:
            node = {"anyOf": [node, {"type": "null"}]}
    return node


def answer_validator(schema, path, status="200"):
    """A validator of the JSON answer that `schema` documents for GET `path` with `status`."""
    answer = schema["paths"][path]["get"]["responses"][status]
    body = answer["content"]["application/json"]["schema"]
    return Draft202012Validator(
        {**_as_json_schema(body), "components": _as_json_schema(schema["components"])}
    )
