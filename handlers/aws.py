"""AWS clients, configured once: SigV4, regional S3 host, explicit retries, no checksum query params.

botocore, not boto3: the adapters use only low-level clients, and boto3's client wrapper costs a cold
start its import and its S3 transfer methods (~50 ms, `make bench`). Both clients share one session,
so endpoint and partition data are loaded once.
"""

import botocore.session
from botocore.config import Config

# Standard retry mode, three attempts in all (the first and two retries), then the caller answers 503.
RETRIES = {"mode": "standard", "total_max_attempts": 3}


def new_session():
    return botocore.session.get_session()


def make_s3_client(region: str, endpoint_url: str | None, session=None):
    # Virtual-host addressing gives `<bucket>.s3.<region>.amazonaws.com` (no 307 from the global host);
    # an emulator endpoint needs path style. Checksums only when required, so none land in presigned URLs.
    config = Config(
        signature_version="s3v4",
        s3={"addressing_style": "path" if endpoint_url else "virtual", "us_east_1_regional_endpoint": "regional"},
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        retries=dict(RETRIES),  # botocore rewrites the dict it is given
        connect_timeout=3,
        read_timeout=5,
    )
    return (session or new_session()).create_client("s3", region_name=region, endpoint_url=endpoint_url, config=config)


def make_dynamodb_client(region: str, endpoint_url: str | None, session=None):
    config = Config(retries=dict(RETRIES), connect_timeout=3, read_timeout=5)
    return (session or new_session()).create_client("dynamodb", region_name=region, endpoint_url=endpoint_url, config=config)
