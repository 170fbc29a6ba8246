"""boto3 clients, configured once: SigV4, regional S3 host, explicit retries, no checksum query params."""

import boto3
from botocore.config import Config

# Standard retry mode, three attempts in all (the first and two retries), then the caller answers 503.
RETRIES = {"mode": "standard", "total_max_attempts": 3}


def make_s3_client(region: str, endpoint_url: str | None):
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
    return boto3.session.Session().client("s3", region_name=region, endpoint_url=endpoint_url, config=config)


def make_dynamodb_client(region: str, endpoint_url: str | None):
    config = Config(retries=dict(RETRIES), connect_timeout=3, read_timeout=5)
    return boto3.session.Session().client("dynamodb", region_name=region, endpoint_url=endpoint_url, config=config)
