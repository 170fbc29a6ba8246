"""`python -m devstack.token USER`: print a local-stack bearer token for USER (what `make token` runs)."""

import sys

from devstack.config import DEMO_USER, DEV_AUDIENCE, DEV_ISSUER, DEV_JWT_SECRET
from devstack.jwt import issue


def token_for(user_id: str) -> str:
    return issue(user_id, DEV_JWT_SECRET, DEV_ISSUER, DEV_AUDIENCE)


if __name__ == "__main__":
    print(token_for(sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else DEMO_USER))
