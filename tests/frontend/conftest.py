"""The frontend developer's tests (demo page, API contract, CLI) run on the end-to-end suite's local stack."""

from tests.e2e.conftest import local_stack  # noqa: F401 - the whole `make run` stack on free ports, per module
