from tests.e2e.conftest import local_stack  # noqa: F401 - the same whole-stack fixture as the e2e tests
