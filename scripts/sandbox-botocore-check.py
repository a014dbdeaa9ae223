#!/usr/bin/env python3
"""Drives a running Connect sandbox with botocore's own `connect` client, as the AWS CLI would.

    python3 scripts/sandbox-botocore-check.py ENDPOINT INSTANCE_ID ACCESS_KEY SECRET_KEY

botocore signs every request (the sandbox checks the signature), and parses every answer with the service model, so
a wrong route, JSON shape or error shape fails here. Prints one line per step and exits 1 on the first failure.
"""
import sys

try:
    import botocore.session
    from botocore.config import Config
    from botocore.exceptions import ClientError
except ImportError:
    sys.exit(f"botocore is not installed for {sys.executable}: pip install botocore")


def main():
    endpoint, instance, key, secret = sys.argv[1:5]
    c = botocore.session.get_session().create_client(
        "connect", region_name="us-east-1", endpoint_url=endpoint, aws_access_key_id=key,
        aws_secret_access_key=secret, config=Config(retries={"max_attempts": 1}))

    def step(name, ok):
        print(("ok   " if ok else "FAIL ") + name)
        if not ok:
            sys.exit(1)

    routing = {p["Name"]: p["Id"] for p in c.list_routing_profiles(InstanceId=instance)["RoutingProfileSummaryList"]}
    step("ListRoutingProfiles", "Contact Tracers" in routing)
    security = {p["Name"]: p["Id"] for p in c.list_security_profiles(InstanceId=instance)["SecurityProfileSummaryList"]}
    step("ListSecurityProfiles", "Agent" in security)
    groups = c.list_user_hierarchy_groups(InstanceId=instance)["UserHierarchyGroupSummaryList"]
    step("ListUserHierarchyGroups", len(groups) == 1)
    created = c.create_user(
        InstanceId=instance, Username="Zoe.Obrien", Password="Xk3vQ9pLm2Rt7Wz8Yb4N",
        IdentityInfo={"FirstName": "Zoë", "LastName": "O'Brien", "Email": "zoe@health.mo.gov"},
        PhoneConfig={"PhoneType": "SOFT_PHONE", "AutoAccept": False, "AfterContactWorkTimeLimit": 300},
        SecurityProfileIds=[security["Agent"]], RoutingProfileId=routing["Contact Tracers"],
        Tags={"helpdesk-request": "ticket-1-action-1"})
    uid = created["UserId"]
    step("CreateUser", created["UserArn"].endswith("/agent/" + uid))
    user = c.describe_user(InstanceId=instance, UserId=uid)["User"]
    step("DescribeUser", user["Username"] == "Zoe.Obrien" and user["IdentityInfo"]["FirstName"] == "Zoë"
         and user["PhoneConfig"]["AfterContactWorkTimeLimit"] == 300 and user["Tags"]["helpdesk-request"])
    found = c.search_users(InstanceId=instance, SearchCriteria={"StringCondition": {
        "FieldName": "Username", "Value": "zoe.obrien", "ComparisonType": "EXACT"}})["Users"]
    step("SearchUsers by username", [u["Id"] for u in found] == [uid])
    found = c.search_users(InstanceId=instance, SearchFilter={"TagFilter": {"TagCondition": {
        "TagKey": "helpdesk-request", "TagValue": "ticket-1-action-1"}}})["Users"]
    step("SearchUsers by tag", [u["Id"] for u in found] == [uid])
    c.update_user_identity_info(InstanceId=instance, UserId=uid, IdentityInfo={
        "FirstName": "Zoë", "LastName": "O'Brien", "Email": "zoe.obrien@health.mo.gov"})
    step("UpdateUserIdentityInfo",
         c.describe_user(InstanceId=instance, UserId=uid)["User"]["IdentityInfo"]["Email"] == "zoe.obrien@health.mo.gov")
    c.update_user_routing_profile(InstanceId=instance, UserId=uid, RoutingProfileId=routing["Case Investigator"])
    c.update_user_security_profiles(InstanceId=instance, UserId=uid,
                                    SecurityProfileIds=[security["Agent"], security["Supervisor"]])
    c.update_user_phone_config(InstanceId=instance, UserId=uid, PhoneConfig={
        "PhoneType": "DESK_PHONE", "AutoAccept": True, "AfterContactWorkTimeLimit": 60,
        "DeskPhoneNumber": "+15735551234"})
    u = c.describe_user(InstanceId=instance, UserId=uid)["User"]
    step("UpdateUserRoutingProfile, SecurityProfiles, PhoneConfig",
         u["RoutingProfileId"] == routing["Case Investigator"] and len(u["SecurityProfileIds"]) == 2
         and u["PhoneConfig"]["PhoneType"] == "DESK_PHONE")
    pages = list(c.get_paginator("list_users").paginate(InstanceId=instance, PaginationConfig={"PageSize": 1}))
    step("ListUsers (paginated)", sum(len(p["UserSummaryList"]) for p in pages) >= 1)
    data = c.get_current_user_data(InstanceId=instance, Filters={"Agents": [uid]})
    step("GetCurrentUserData", data["UserDataList"] == [])
    c.delete_user(InstanceId=instance, UserId=uid)
    try:
        c.describe_user(InstanceId=instance, UserId=uid)
        step("DescribeUser after DeleteUser is ResourceNotFoundException", False)
    except ClientError as e:
        step("DeleteUser, then ResourceNotFoundException", e.response["Error"]["Code"] == "ResourceNotFoundException")
    bad = botocore.session.get_session().create_client(
        "connect", region_name="us-east-1", endpoint_url=endpoint, aws_access_key_id=key,
        aws_secret_access_key="wrong", config=Config(retries={"max_attempts": 1}))
    try:
        bad.list_users(InstanceId=instance)
        step("a wrong secret is refused", False)
    except ClientError as e:
        step("a wrong secret is refused (InvalidSignatureException)",
             e.response["Error"]["Code"] == "InvalidSignatureException")


if __name__ == "__main__":
    main()
