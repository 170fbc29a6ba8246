"""ObjectStore on S3 (boto3). The client must be made by `make_s3_client` (SigV4, right addressing)."""

import re
from urllib.parse import quote

from botocore.exceptions import ClientError

from domain.models import PresignedUpload, StoredObject
from domain.ports import ObjectStore

_MISSING = {"NoSuchKey", "404", "NotFound"}
_CONTENT_RANGE_TOTAL = re.compile(r"/(\d+)$")


class S3ObjectStore(ObjectStore):
    def __init__(self, client, bucket: str, region: str, endpoint_url: str | None = None):
        self._client = client
        self._bucket = bucket
        self._region = region
        self._endpoint_url = endpoint_url.rstrip("/") if endpoint_url else None

    def presign_put(self, key, content_type, content_length, expires_in):
        params = {"Bucket": self._bucket, "Key": key, "ContentType": content_type}
        headers = {"Content-Type": content_type}
        if content_length is not None:
            params["ContentLength"] = content_length
            headers["Content-Length"] = str(content_length)
        url = self._client.generate_presigned_url(
            "put_object", Params=params, ExpiresIn=expires_in, HttpMethod="PUT"
        )
        return PresignedUpload(url=url, headers=headers)

    def describe(self, key, head_bytes):
        # One ranged GET gives the stored type, the total size (Content-Range) and the first bytes.
        try:
            response = self._client.get_object(Bucket=self._bucket, Key=key, Range=f"bytes=0-{head_bytes - 1}")
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if code in _MISSING:
                return None
            if code == "InvalidRange":  # an empty object has no byte 0
                return self._describe_empty(key)
            raise
        head = response["Body"].read()
        total = _CONTENT_RANGE_TOTAL.search(response.get("ContentRange") or "")
        size = int(total.group(1)) if total else int(response.get("ContentLength", len(head)))
        return StoredObject(size=size, content_type=response.get("ContentType", ""), head=head)

    def _describe_empty(self, key):
        try:
            response = self._client.head_object(Bucket=self._bucket, Key=key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code", "") in _MISSING:
                return None
            raise
        return StoredObject(size=int(response["ContentLength"]), content_type=response.get("ContentType", ""), head=b"")

    def delete(self, key):
        self._client.delete_object(Bucket=self._bucket, Key=key)

    def public_url(self, key):
        if self._endpoint_url:
            return f"{self._endpoint_url}/{self._bucket}/{quote(key)}"
        return f"https://{self._bucket}.s3.{self._region}.amazonaws.com/{quote(key)}"
