"""The GraphQL schema: every domain's queries and mutations merged into one."""

from __future__ import annotations

import logging

import strawberry
from strawberry import relay
from strawberry.extensions import AddValidationRules, ValidationCache
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from graphql import GraphQLError
from guanxi.graphql.accounts.mutations import AccountMutations
from guanxi.graphql.accounts.queries import AccountQueries
from guanxi.graphql.core.limits import VALIDATION_RULES
from guanxi.graphql.customers.mutations import CustomerMutations
from guanxi.graphql.customers.queries import CustomerQueries
from guanxi.graphql.customers.subscriptions import CustomerSubscriptions
from guanxi.graphql.extensions import (
    CodeErrors,
    MaskUnexpectedErrors,
    ParseWithLimits,
    RequestCost,
    RequireSignIn,
    is_expected,
)
from guanxi.graphql.feedback.mutations import FeedbackMutations
from guanxi.graphql.feedback.queries import FeedbackQueries
from guanxi.graphql.feedback.subscriptions import FeedbackSubscriptions
from guanxi.graphql.interactions.mutations import InteractionMutations
from guanxi.graphql.interactions.queries import InteractionQueries
from guanxi.graphql.interactions.subscriptions import InteractionSubscriptions
from guanxi.graphql.loyalty.mutations import LoyaltyMutations
from guanxi.graphql.loyalty.queries import LoyaltyQueries
from guanxi.graphql.permissions import IsAuthenticated
from guanxi.graphql.segments.mutations import SegmentMutations
from guanxi.graphql.segments.queries import SegmentQueries
from guanxi.graphql.segments.subscriptions import SegmentSubscriptions

log = logging.getLogger("guanxi.graphql")


@strawberry.type
class NodeQueries:
    node: relay.Node | None = relay.node(
        description="Any object by its global id; null when it does not exist or is not visible to you.",
        permission_classes=[IsAuthenticated],
    )
    nodes: list[relay.Node | None] = relay.node(
        description="Several objects by global id, in the order asked; null where not found or not visible.",
        permission_classes=[IsAuthenticated],
    )


Query = merge_types(
    "Query", (NodeQueries, AccountQueries, CustomerQueries, InteractionQueries, FeedbackQueries, SegmentQueries, LoyaltyQueries)
)
Mutation = merge_types(
    "Mutation", (AccountMutations, CustomerMutations, InteractionMutations, FeedbackMutations, SegmentMutations, LoyaltyMutations)
)
Query.__strawberry_definition__.description = "Everything you can read. All fields need a signed-in caller."  # type: ignore[attr-defined]
Subscription = merge_types(
    "Subscription", (CustomerSubscriptions, InteractionSubscriptions, FeedbackSubscriptions, SegmentSubscriptions)
)
Subscription.__strawberry_definition__.description = (  # type: ignore[attr-defined]
    "Live events over WebSocket (graphql-transport-ws or graphql-ws); sign in with the session cookie "
    'or `{"authorization": "Bearer <token>"}` in the connection_init payload.'
)
Mutation.__strawberry_definition__.description = (
    "Everything you can change. Each mutation takes one `input` and returns `userErrors`."  # type: ignore[attr-defined]
)


class GuanxiSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log bugs with their traceback; expected errors (validation, auth, bad input) are the client's business."""
        for error in errors:
            if not is_expected(error):
                log.error("unexpected error at %s", error.path, exc_info=error.original_error)


schema = GuanxiSchema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    config=StrawberryConfig(auto_camel_case=True),
    extensions=[
        # Parsed once per distinct query text, at most MAX_TOKENS tokens (graphql/core/limits.py).
        ParseWithLimits,
        RequireSignIn,
        # Depth and alias limits. Built once: ValidationCache keys on the rule classes, so a rule
        # made per request never hits.
        lambda: AddValidationRules(list(VALIDATION_RULES)),
        lambda: ValidationCache(maxsize=1024),
        # Static cost against MAX_COST and the caller's budget, after RequireSignIn refused anonymous callers.
        RequestCost,
        MaskUnexpectedErrors,
        CodeErrors,
    ],
)


def sdl() -> str:
    return schema.as_str() + "\n"
