#!/usr/bin/env python3
"""Regenerates Tests/Fixtures/sigv4/botocore-sigv4.json: SigV4 signatures computed by botocore's own SigV4Auth.

Each case is a request exactly as helpdesk puts it on the wire (method, percent-encoded path, query pairs before
encoding, headers, body) with fixed keys and a fixed time. The Swift tests (Tests/AWSSigV4Tests) sign the same
requests and must produce the same canonical request, string to sign and Authorization header.

    python3 scripts/sigv4-fixtures.py            # rewrites the fixture
    python3 scripts/sigv4-fixtures.py --check    # exits 1 when the committed fixture differs from botocore's output
"""
import datetime
import json
import os
import sys
from unittest import mock
from urllib.parse import quote

try:
    import botocore
    import botocore.auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError:
    sys.exit(f"botocore is not installed for {sys.executable}: pip install botocore")

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "Tests", "Fixtures", "sigv4", "botocore-sigv4.json")
WHEN = datetime.datetime(2026, 11, 25, 13, 0, 0)
ACCESS = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = ("IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexample+token/with=padding==")
INSTANCE = "12345678-aaaa-bbbb-cccc-1234567890ab"
HOST = "connect.us-east-1.amazonaws.com"


def seg(s):
    """One path segment as botocore's rest-json serializer puts it in the URL (quote, safe '~')."""
    return quote(s.encode("utf-8"), safe="~")


def q(s):
    return quote(s.encode("utf-8"), safe="-_.~")


CASES = [
    # name, method, path segments (raw), query pairs (raw), extra headers, body, token, region, service, host
    ("describe-user-get-empty-body", "GET", ["users", INSTANCE, "0b3e2f47-1c2d-4e5f-8a9b-0c1d2e3f4a5b"], [], [], "", None,
     "us-east-1", "connect", HOST),
    ("delete-user-empty-body", "DELETE", ["users", INSTANCE, "0b3e2f47-1c2d-4e5f-8a9b-0c1d2e3f4a5b"], [], [], "", None,
     "us-east-1", "connect", HOST),
    ("list-users-first-page", "GET", ["users-summary", INSTANCE], [("maxResults", "100")], [], "", None,
     "us-east-1", "connect", HOST),
    ("list-users-next-token-specials", "GET", ["users-summary", INSTANCE],
     [("nextToken", "AAMA-EFRSURBSGh4b+XYZ/abc==&x=1 y;z"), ("maxResults", "100")], [], "", None,
     "us-east-1", "connect", HOST),
    ("query-unsorted-repeated-and-empty", "GET", ["routing-profiles-summary", INSTANCE],
     [("zeta", "last"), ("Alpha", "upper sorts first"), ("alpha", "b"), ("alpha", "a"), ("empty", "")], [], "", None,
     "us-east-1", "connect", HOST),
    ("query-unicode-and-reserved", "GET", ["security-profiles-summary", INSTANCE],
     [("name", "Zoë Ångström"), ("sym", "!*'();:@&=+$,/?#[]%~-_.")], [], "", None,
     "us-east-1", "connect", HOST),
    ("path-id-with-colon-and-slash", "GET", ["users", INSTANCE, "arn:aws:connect:us-east-1:1:instance/x/agent/y"], [], [],
     "", None, "us-east-1", "connect", HOST),
    ("path-id-with-space-percent-plus", "DELETE", ["users", INSTANCE, "a b%c+d=e&f"], [], [], "", None,
     "us-east-1", "connect", HOST),
    ("path-unicode-segment", "GET", ["users", INSTANCE, "Zoë"], [], [], "", None, "us-east-1", "connect", HOST),
    ("create-user-json-body", "PUT", ["users", INSTANCE], [], [("Content-Type", "application/json")],
     json.dumps({"Username": "Jane.Doe", "Password": "Xk3vQ9pLm2Rt7Wz8Yb4N",
                 "IdentityInfo": {"FirstName": "Jane", "LastName": "Doe", "Email": "jane.doe@health.mo.gov"},
                 "PhoneConfig": {"PhoneType": "SOFT_PHONE", "AutoAccept": False, "AfterContactWorkTimeLimit": 300},
                 "RoutingProfileId": "r-1", "SecurityProfileIds": ["s-1"],
                 "Tags": {"helpdesk-request": "ticket-42/action-1"}}, separators=(",", ":")), None,
     "us-east-1", "connect", HOST),
    ("update-identity-json-body-session-token", "POST", ["users", INSTANCE, "0b3e2f47-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
                                                         "identity-info"], [],
     [("Content-Type", "application/json")],
     '{"IdentityInfo":{"FirstName":"Zoë","LastName":"O\'Brien","Email":"zoe.obrien@health.mo.gov"}}', TOKEN,
     "us-east-1", "connect", HOST),
    ("get-with-session-token", "GET", ["users-summary", INSTANCE], [("maxResults", "5")], [], "", TOKEN,
     "us-gov-west-1", "connect", "connect.us-gov-west-1.amazonaws.com"),
    ("search-users-body-and-token", "POST", ["search-users"], [], [("Content-Type", "application/json")],
     '{"InstanceId":"%s","SearchCriteria":{"StringCondition":{"FieldName":"Username","Value":"jane.doe",'
     '"ComparisonType":"EXACT"}},"MaxResults":100}' % INSTANCE, TOKEN, "us-east-1", "connect", HOST),
    ("header-values-trimmed-and-folded", "POST", ["metrics", "userdata", INSTANCE], [],
     [("Content-Type", "  application/json  "), ("X-Amz-User-Agent", "helpdesk   1.0   swift")],
     '{"Filters":{"Agents":["0b3e2f47-1c2d-4e5f-8a9b-0c1d2e3f4a5b"]}}', None, "eu-west-2", "connect",
     "connect.eu-west-2.amazonaws.com"),
    ("non-default-port-host", "GET", ["users-summary", INSTANCE], [], [], "", None, "us-east-1", "connect",
     "127.0.0.1:8443"),
    ("root-path", "GET", [], [("Action", "List")], [], "", None, "us-east-1", "connect", HOST),
]


def build():
    out = []
    for name, method, segments, query, headers, body, token, region, service, host in CASES:
        path = "/" + "/".join(seg(s) for s in segments)
        url = f"https://{host}{path}"
        if query:
            url += "?" + "&".join(f"{q(k)}={q(v)}" for k, v in query)
        creds = Credentials(ACCESS, SECRET, token)
        signer = botocore.auth.SigV4Auth(creds, service, region)
        req = AWSRequest(method=method, url=url, data=body.encode("utf-8"), headers=dict(headers))
        with mock.patch("botocore.auth.get_current_datetime", return_value=WHEN):
            signer.add_auth(req)
            authorization = req.headers["Authorization"]
            # Recompute the intermediate strings as add_auth saw them, before it added the Authorization header.
            del req.headers["Authorization"]
            timestamp = req.context["timestamp"]
            canonical = signer.canonical_request(req)
            sts = signer.string_to_sign(req, canonical)
            assert authorization.endswith("Signature=" + signer.signature(sts, req))
        out.append({
            "name": name,
            "request": {
                "method": method, "host": host, "path": path,
                "query": [[k, v] for k, v in query], "headers": [[k, v] for k, v in headers], "body": body,
            },
            "credentials": {"accessKeyID": ACCESS, "secretAccessKey": SECRET, "sessionToken": token},
            "region": region, "service": service, "timestamp": timestamp,
            "expected": {
                "canonicalRequest": canonical, "stringToSign": sts,
                "authorization": authorization,
                "amzDate": req.headers["X-Amz-Date"],
                "securityToken": req.headers.get("X-Amz-Security-Token"),
                "url": url,
            },
        })
    return {"generator": "scripts/sigv4-fixtures.py", "botocore": botocore.__version__, "cases": out}


def main():
    text = json.dumps(build(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if "--check" in sys.argv:
        with open(FIXTURE, encoding="utf-8") as f:
            old = json.load(f)
        new = json.loads(text)
        old.pop("botocore", None), new.pop("botocore", None)
        if old != new:
            print("the SigV4 fixture differs from botocore's output; run scripts/sigv4-fixtures.py", file=sys.stderr)
            sys.exit(1)
        print(f"{len(new['cases'])} cases match botocore")
        return
    os.makedirs(os.path.dirname(FIXTURE), exist_ok=True)
    with open(FIXTURE, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {len(json.loads(text)['cases'])} cases to {os.path.relpath(FIXTURE)}")


if __name__ == "__main__":
    main()
