#!/usr/bin/env python3
"""Checks requests helpdesk's Amazon Connect client built against botocore's service model for `connect`.

    python3 scripts/connect-contract.py REQUESTS.json

REQUESTS.json is a list of signed requests as the client would send them (written by Tests/ConnectDirectoryTests):
    {"operation", "method", "url", "headers": [[name, value]], "body", "region", "amzDate",
     "credentials": {"accessKeyID", "secretAccessKey", "sessionToken"}}

For each request it checks, against the model botocore ships:
  - the operation exists and the HTTP method is the model's;
  - the path matches the operation's URI template; each label is decoded into its member;
  - every query parameter is a querystring member of the input (by its wire name), with the member's type;
  - the body is JSON members of the input (or empty when the input has no body members);
  - the members together pass botocore's parameter validation (required members, unknown members, types, lengths,
    ranges) and every enum member holds one of the model's values;
  - botocore serializes those members to the same method, path, query, Content-Type and JSON body;
  - botocore's SigV4Auth, at the same time and with the same keys, gives the same Authorization header.
It also checks that every operation the help desk needs was exercised. Exits 1 and prints each mismatch otherwise.
"""
import datetime
import json
import re
import sys
from unittest import mock
from urllib.parse import parse_qsl, unquote, urlsplit

try:
    import botocore.auth
    import botocore.session
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    from botocore.exceptions import ParamValidationError
    from botocore.serialize import create_serializer
    from botocore.validate import validate_parameters
except ImportError:
    sys.exit(f"botocore is not installed for {sys.executable}: pip install botocore")

REQUIRED_OPERATIONS = {
    "SearchUsers", "DescribeUser", "CreateUser", "DeleteUser", "UpdateUserIdentityInfo", "UpdateUserRoutingProfile",
    "UpdateUserSecurityProfiles", "UpdateUserPhoneConfig", "ListRoutingProfiles", "ListSecurityProfiles",
    "ListUserHierarchyGroups", "ListUsers", "GetCurrentUserData",
}

MODEL = botocore.session.get_session().get_service_model("connect")
SERIALIZER = create_serializer(MODEL.metadata["protocol"], include_validation=False)


def template_regex(template):
    out, pos = "", 0
    for m in re.finditer(r"{([^}]+)}", template):
        out += re.escape(template[pos:m.start()])
        name = m.group(1)
        out += f"(?P<{name[:-1]}>.+)" if name.endswith("+") else f"(?P<{name}>[^/]+)"
        pos = m.end()
    return "^" + out + re.escape(template[pos:]) + "$"


def scalar(shape, text):
    if shape.type_name in ("integer", "long"):
        return int(text)
    if shape.type_name == "boolean":
        if text not in ("true", "false"):
            raise ValueError(f"{text!r} is not a boolean")
        return text == "true"
    return text


def enum_problems(shape, value, where):
    problems = []
    if shape.type_name == "structure" and isinstance(value, dict):
        for k, v in value.items():
            if k in shape.members:
                problems += enum_problems(shape.members[k], v, f"{where}.{k}")
    elif shape.type_name == "list" and isinstance(value, list):
        for i, v in enumerate(value):
            problems += enum_problems(shape.member, v, f"{where}[{i}]")
    elif shape.type_name == "map" and isinstance(value, dict):
        for k, v in value.items():
            problems += enum_problems(shape.value, v, f"{where}[{k}]")
    elif getattr(shape, "enum", None) and value not in shape.enum:
        problems.append(f"{where} is {value!r}, not one of {shape.enum}")
    return problems


def check(r):
    problems = []
    name = r["operation"]
    try:
        op = MODEL.operation_model(name)
    except Exception:
        return [f"no operation {name} in the model"]
    shape = op.input_shape
    members = shape.members if shape else {}
    if r["method"] != op.http["method"]:
        problems.append(f"method {r['method']}, the model says {op.http['method']}")
    url = urlsplit(r["url"])
    template = op.http["requestUri"].split("?")[0]
    match = re.match(template_regex(template), url.path)
    params = {}
    if not match:
        problems.append(f"path {url.path} does not match the URI template {template}")
    else:
        for label, raw in match.groupdict().items():
            member = next((m for m, s in members.items()
                           if s.serialization.get("location") == "uri" and s.serialization.get("name", m) == label), None)
            if member is None:
                problems.append(f"URI label {label} is no member")
            else:
                params[member] = unquote(raw)
    by_wire = {s.serialization.get("name", m): (m, s) for m, s in members.items()
               if s.serialization.get("location") == "querystring"}
    for key, value in parse_qsl(url.query, keep_blank_values=True, strict_parsing=False):
        if key not in by_wire:
            problems.append(f"query parameter {key} is not in the model")
            continue
        member, s = by_wire[key]
        try:
            if s.type_name == "list":
                params.setdefault(member, []).append(scalar(s.member, value))
            else:
                params[member] = scalar(s, value)
        except ValueError:
            problems.append(f"query parameter {key}={value!r} is not a {s.type_name}")
    body_members = [m for m, s in members.items() if "location" not in s.serialization]
    body = r["body"]
    if body:
        if not body_members:
            problems.append("a body was sent, but the operation has no body members")
        try:
            doc = json.loads(body)
        except ValueError as e:
            return problems + [f"the body is not JSON: {e}"]
        if not isinstance(doc, dict):
            return problems + ["the body is not a JSON object"]
        for k, v in doc.items():
            if k in params:
                problems.append(f"{k} is both in the URI/query and in the body")
            if k in members and "location" in members[k].serialization:
                problems.append(f"{k} belongs in the {members[k].serialization['location']}, not the body")
            params[k] = v
    elif body_members and r["method"] in ("POST", "PUT"):
        problems.append("no body, but the operation has body members")
    if shape is not None:
        try:
            validate_parameters(params, shape)
        except ParamValidationError as e:
            problems.append(str(e).replace("\n", "; "))
        problems += enum_problems(shape, params, "input")
    if problems:
        return problems

    # botocore serializes the same members to the same request.
    ours_headers = {k.lower(): v for k, v in r["headers"]}
    theirs = SERIALIZER.serialize_to_request(params, op)
    if theirs["method"] != r["method"]:
        problems.append(f"botocore sends {theirs['method']}")
    if theirs["url_path"] != url.path:
        problems.append(f"botocore's path is {theirs['url_path']}, ours {url.path}")
    their_query = sorted((k, str(v).lower() if isinstance(v, bool) else str(v))
                         for k, vs in theirs["query_string"].items() for v in (vs if isinstance(vs, list) else [vs]))
    if their_query != sorted(parse_qsl(url.query, keep_blank_values=True)):
        problems.append(f"botocore's query is {their_query}")
    their_body = json.loads(theirs["body"]) if theirs["body"] else None
    our_body = json.loads(body) if body else None
    if their_body != our_body:
        problems.append(f"botocore's body is {theirs['body']!r}")
    their_type = {k.lower(): v for k, v in theirs["headers"].items()}.get("content-type")
    if their_type != ours_headers.get("content-type"):
        problems.append(f"botocore's Content-Type is {their_type!r}, ours {ours_headers.get('content-type')!r}")

    # botocore signs it the same.
    c = r["credentials"]
    unsigned = {k: v for k, v in r["headers"]
                if k.lower() not in ("authorization", "x-amz-date", "x-amz-security-token")}
    req = AWSRequest(method=r["method"], url=r["url"], data=body.encode("utf-8"), headers=unsigned)
    signer = botocore.auth.SigV4Auth(Credentials(c["accessKeyID"], c["secretAccessKey"], c.get("sessionToken")),
                                     "connect", r["region"])
    when = datetime.datetime.strptime(r["amzDate"], "%Y%m%dT%H%M%SZ")
    with mock.patch("botocore.auth.get_current_datetime", return_value=when):
        signer.add_auth(req)
    if req.headers["Authorization"] != ours_headers.get("authorization"):
        problems.append(f"botocore signs it {req.headers['Authorization']}, ours {ours_headers.get('authorization')}")
    if req.headers.get("X-Amz-Security-Token") != ours_headers.get("x-amz-security-token"):
        problems.append("the X-Amz-Security-Token header differs from botocore's")
    return problems


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    with open(sys.argv[1], encoding="utf-8") as f:
        requests = json.load(f)
    failures = 0
    for i, r in enumerate(requests):
        for p in check(r):
            failures += 1
            print(f"request {i} ({r.get('operation')} {r.get('method')} {r.get('url')}): {p}")
    missing = REQUIRED_OPERATIONS - {r.get("operation") for r in requests}
    for name in sorted(missing):
        failures += 1
        print(f"no request exercises {name}")
    if failures:
        print(f"{failures} mismatch(es) with botocore {botocore.__version__}'s model for connect")
        sys.exit(1)
    ops = len({r['operation'] for r in requests})
    print(f"{len(requests)} requests over {ops} operations match botocore {botocore.__version__}'s model for connect")


if __name__ == "__main__":
    main()
