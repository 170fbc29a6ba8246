"""The AWS operations our handlers' clients perform during the whole test session, per function.

tests/conftest.py overrides each handler container's botocore session with one that records every
operation (botocore's before-parameter-build fires for API calls and presigned URLs alike), so that
tests/terraform/test_apply.py can check the module's IAM policies against what the suite really did.
"""

import botocore.session
from dependency_injector import providers

# "api" / "events" -> {(service, operation)}
SUITE_OPERATIONS: dict[str, set[tuple[str, str]]] = {"api": set(), "events": set()}


def recording_session(function: str):
    session = botocore.session.get_session()

    def record(event_name, **_):
        _, service, operation = event_name.split(".")
        SUITE_OPERATIONS[function].add((service, operation))

    # Clients copy the session's handlers when they are made, so this reaches every client of the container.
    session.register("before-parameter-build", record)
    return session


def record_handler_operations() -> None:
    from handlers import api, events

    for function, module in (("api", api), ("events", events)):
        module.container.aws_session.override(providers.Singleton(recording_session, function))
        module.container.reset_singletons()
