"""Feedback and complaints over GraphQL: payloads, userErrors, the board's filters, standards, scoping."""

from __future__ import annotations

from datetime import timedelta

from guanxi.core import clock
from guanxi.feedback import complaints
from guanxi.graphql.core.ids import to_global_id
from tests.worlds import World, world  # noqa: F401 - fixture

FILE = """mutation($input: FileComplaintInput!) { fileComplaint(input: $input) {
  complaint { id subject severity status allowedActions breached secondsToDeadline
    customer { name primaryPhone } feedback { kind text sentimentLabel channel } assignee { name } }
  userErrors { field code } } }"""
STEP = """mutation($id: ID!) { %s(input: {id: $id, note: "n"}) {
  complaint { status allowedActions } userErrors { field code message } } }"""
RESOLVE = """mutation($id: ID!, $resolution: String!) { resolveComplaint(input: {id: $id, resolution: $resolution}) {
  complaint { status resolution } userErrors { field code } } }"""
BOARD = """query($filter: ComplaintFilter) { complaints(first: 50, filter: $filter) {
  totalCount edges { node { subject } } } }"""
HISTORY = """query($id: ID!) { node(id: $id) { ... on Complaint { history { kind fromStatus toStatus note by { name } } } } }"""
SUBMIT = """mutation($input: SubmitFeedbackInput!) { submitFeedback(input: $input) {
  feedback { kind score scale sentimentLabel needStatus } complaint { id } customer { lifecycleStage }
  userErrors { field code } } }"""


async def _file(gql, who, customer, **extra):
    data = await gql.data(
        FILE,
        {
            "input": {
                "customerId": to_global_id("Customer", customer.pk),
                "text": "配送太慢，很失望",
                "severity": "HIGH",
                **extra,
            }
        },
        as_=who,
    )
    return data["fileComplaint"]


async def test_file_and_walk_a_complaint_with_its_history(gql, world: World):
    agent = world.by_role["AGENT"]
    filed = await _file(
        gql, agent, world.own, subject="Late delivery", assigneeId=to_global_id("User", agent.user.pk)
    )
    assert filed["userErrors"] == []
    complaint = filed["complaint"]
    assert complaint["status"] == "NEW" and complaint["allowedActions"] == ["acknowledge"]
    assert complaint["feedback"] == {
        "kind": "COMPLAINT",
        "text": "配送太慢，很失望",
        "sentimentLabel": "NEGATIVE",
        "channel": None,
    }
    assert complaint["assignee"] == {"name": "South Agent"}
    assert 0 < complaint["secondsToDeadline"] <= 4 * 3600
    refused = await gql.data(STEP % "closeComplaint", {"id": complaint["id"]}, as_=agent)
    assert [(e["code"], e["field"]) for e in refused["closeComplaint"]["userErrors"]] == [
        ("INVALID_TRANSITION", "input.id")
    ]
    for mutation, status in (("acknowledgeComplaint", "ACKNOWLEDGED"), ("startComplaintWork", "IN_PROGRESS")):
        moved = await gql.data(STEP % mutation, {"id": complaint["id"]}, as_=agent)
        assert moved[mutation]["complaint"]["status"] == status
    resolved = await gql.data(
        RESOLVE, {"id": complaint["id"], "resolution": "Refunded the shipping"}, as_=agent
    )
    assert resolved["resolveComplaint"]["complaint"] == {
        "status": "RESOLVED",
        "resolution": "Refunded the shipping",
    }
    history = (await gql.data(HISTORY, {"id": complaint["id"]}, as_=agent))["node"]["history"]
    assert [(h["kind"], h["toStatus"]) for h in history] == [
        ("FILED", "NEW"),
        ("ASSIGNED", None),
        ("TRANSITION", "ACKNOWLEDGED"),
        ("TRANSITION", "IN_PROGRESS"),
        ("TRANSITION", "RESOLVED"),
    ]
    assert history[2]["by"] == {"name": "South Agent"} and history[2]["note"] == "n"


async def test_the_board_filters_by_status_severity_assignee_and_breach(gql, world: World):
    admin, agent = world.by_role["ADMIN"], world.by_role["AGENT"]
    await _file(gql, admin, world.own, subject="a", severity="CRITICAL")
    b = await _file(
        gql, admin, world.own, subject="b", severity="LOW", assigneeId=to_global_id("User", agent.user.pk)
    )
    await _file(gql, admin, world.north, subject="north", severity="CRITICAL")
    await gql.data(STEP % "acknowledgeComplaint", {"id": b["complaint"]["id"]}, as_=admin)
    await complaints.mark_breaches(clock.now() + timedelta(hours=2))  # CRITICAL: first response due in 1 h

    async def subjects(who, **f):
        data = await gql.data(BOARD, {"filter": f}, as_=who)
        return sorted(e["node"]["subject"] for e in data["complaints"]["edges"])

    assert await subjects(admin) == ["a", "b", "north"]
    assert await subjects(admin, statuses=["NEW"]) == ["a", "north"]
    assert await subjects(admin, severities=["LOW"]) == ["b"]
    assert await subjects(admin, assigneeId=to_global_id("User", agent.user.pk)) == ["b"]
    assert await subjects(admin, unassigned=True) == ["a", "north"]
    assert await subjects(admin, breached=True) == ["a", "north"]
    assert await subjects(admin, breached=False) == ["b"]
    assert await subjects(agent) == ["a", "b"]  # North's customer is out of the agent's reach


async def test_service_standards_are_read_by_staff_and_changed_by_admins(gql, world: World):
    read = await gql.data(
        "{ serviceStandards { severity firstResponseMinutes resolutionMinutes } }",
        as_=world.by_role["ANALYST"],
    )
    assert read["serviceStandards"] == [
        {"severity": "CRITICAL", "firstResponseMinutes": 60, "resolutionMinutes": 480},
        {"severity": "HIGH", "firstResponseMinutes": 240, "resolutionMinutes": 1440},
        {"severity": "MEDIUM", "firstResponseMinutes": 480, "resolutionMinutes": 4320},
        {"severity": "LOW", "firstResponseMinutes": 1440, "resolutionMinutes": 10080},
    ]
    change = """mutation($input: UpdateServiceStandardInput!) { updateServiceStandard(input: $input) {
      serviceStandard { severity firstResponseMinutes } userErrors { field code } } }"""
    body = await gql(
        change, {"input": {"severity": "HIGH", "firstResponseMinutes": 120}}, as_=world.by_role["MANAGER"]
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    ok = await gql.data(
        change, {"input": {"severity": "HIGH", "firstResponseMinutes": 120}}, as_=world.by_role["ADMIN"]
    )
    assert ok["updateServiceStandard"]["serviceStandard"] == {"severity": "HIGH", "firstResponseMinutes": 120}
    bad = await gql.data(
        change, {"input": {"severity": "HIGH", "resolutionMinutes": 0}}, as_=world.by_role["ADMIN"]
    )
    assert bad["updateServiceStandard"]["userErrors"] == [
        {"field": "input.resolutionMinutes", "code": "INVALID_VALUE"}
    ]


async def test_submit_feedback_and_read_it_on_the_customer_and_its_timeline(gql, world: World):
    admin = world.by_role["ADMIN"]
    customer_id = to_global_id("Customer", world.own.pk)
    nps = await gql.data(
        SUBMIT,
        {"input": {"customerId": customer_id, "kind": "SURVEY", "scale": "NPS", "score": 3}},
        as_=admin,
    )
    assert nps["submitFeedback"]["feedback"] == {
        "kind": "SURVEY",
        "score": 3,
        "scale": "NPS",
        "sentimentLabel": None,
        "needStatus": None,
    }
    bad = await gql.data(
        SUBMIT,
        {"input": {"customerId": customer_id, "kind": "SURVEY", "scale": "CSAT", "score": 9}},
        as_=admin,
    )
    assert bad["submitFeedback"]["userErrors"] == [{"field": "input.score", "code": "INVALID_SCORE"}]
    need = await gql.data(
        SUBMIT,
        {"input": {"customerId": customer_id, "kind": "REQUEST", "text": "Please deliver on weekends"}},
        as_=admin,
    )
    assert need["submitFeedback"]["feedback"]["needStatus"] == "IDENTIFIED"
    complaint = await gql.data(
        SUBMIT, {"input": {"customerId": customer_id, "kind": "COMPLAINT", "text": "Broken box"}}, as_=admin
    )
    assert complaint["submitFeedback"]["complaint"]["id"]
    read = await gql.data(
        """query($id: ID!) { customer(id: $id) { feedback { totalCount } complaints { totalCount edges { node { subject } } }
          timeline(kinds: [FEEDBACK]) { totalCount edges { kind node { __typename ... on Feedback { kind } } } } } }""",
        {"id": customer_id},
        as_=admin,
    )
    customer = read["customer"]
    assert customer["feedback"]["totalCount"] == 3
    assert customer["complaints"] == {"totalCount": 1, "edges": [{"node": {"subject": "Broken box"}}]}
    assert [e["node"]["kind"] for e in customer["timeline"]["edges"]] == ["COMPLAINT", "REQUEST", "SURVEY"]


async def test_an_agent_cannot_file_or_move_another_teams_complaints(gql, world: World):
    admin, agent = world.by_role["ADMIN"], world.by_role["AGENT"]
    body = await gql(
        FILE,
        {"input": {"customerId": to_global_id("Customer", world.north.pk), "text": "x", "severity": "LOW"}},
        as_=agent,
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    north = await _file(gql, admin, world.north)
    body = await gql(STEP % "acknowledgeComplaint", {"id": north["complaint"]["id"]}, as_=agent)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    analyst = await gql(
        STEP % "acknowledgeComplaint", {"id": north["complaint"]["id"]}, as_=world.by_role["ANALYST"]
    )
    assert analyst["errors"][0]["extensions"]["code"] == "FORBIDDEN"


ASSIGN = """mutation($input: AssignComplaintInput!) { assignComplaint(input: $input) { userErrors { field code } } }"""
HISTORY_PEOPLE = """query($id: ID!) { node(id: $id) { ... on Complaint {
  history { kind by { name } assignee { name } previousAssignee { name } } } } }"""


async def test_the_history_names_who_acted_and_every_assignee(gql, world: World, sql_statements):
    # given a complaint filed for the agent, given to the manager, then unassigned by the manager
    admin, agent, manager = world.by_role["ADMIN"], world.by_role["AGENT"], world.by_role["MANAGER"]
    filed = await _file(gql, admin, world.own, assigneeId=to_global_id("User", agent.user.pk))
    complaint_id = filed["complaint"]["id"]
    for who, assignee in ((admin, to_global_id("User", manager.user.pk)), (manager, None)):
        answer = await gql.data(ASSIGN, {"input": {"id": complaint_id, "assigneeId": assignee}}, as_=who)
        assert answer["assignComplaint"]["userErrors"] == []
    sql_statements.clear()

    # when its history is read
    history = (await gql.data(HISTORY_PEOPLE, {"id": complaint_id}, as_=agent))["node"]["history"]

    # then each step names who did it and, for assignments, who was given it and who had it
    assert [(h["kind"], h["by"], h["assignee"], h["previousAssignee"]) for h in history] == [
        ("FILED", {"name": "Root Admin"}, None, None),
        ("ASSIGNED", {"name": "Root Admin"}, {"name": "South Agent"}, None),
        ("ASSIGNED", {"name": "Root Admin"}, {"name": "South Manager"}, {"name": "South Agent"}),
        ("ASSIGNED", {"name": "South Manager"}, None, {"name": "South Manager"}),
    ]
    # all of them in one read of the staff users
    assert len([s for s in sql_statements if s.startswith("SELECT") and 'FROM "staff_user"' in s]) == 1
