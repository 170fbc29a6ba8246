"""Yardstick for `make bench`, not product code: the smallest straightforward function doing the original job.

Parse the JSON body, presign a PUT (boto3, SigV4), record the image URL with one UpdateItem. No validation
layers, no dependency injection, no logging framework.
"""

import json
import os
import uuid

import boto3
from botocore.config import Config

BUCKET = os.environ["BUCKET_NAME"]
TABLE = os.environ["TABLE_NAME"]
s3 = boto3.client("s3", config=Config(signature_version="s3v4"))
dynamodb = boto3.client("dynamodb")


def handler(event, context):
    user_id = event["requestContext"]["authorizer"]["jwt"]["claims"]["sub"]
    body = json.loads(event["body"])
    extension = body["fileName"].rsplit(".", 1)[-1]
    key = f"users/{user_id}/{uuid.uuid4().hex}.{extension}"
    upload_url = s3.generate_presigned_url(
        "put_object", Params={"Bucket": BUCKET, "Key": key, "ContentType": body["contentType"]}, ExpiresIn=60
    )
    image_url = f"https://{BUCKET}.s3.amazonaws.com/{key}"
    record_image(user_id, image_url)
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({"errors": [], "imageUrl": image_url, "uploadURL": upload_url}),
    }


def record_image(user_id, image_url):
    dynamodb.update_item(
        TableName=TABLE,
        Key={"id": {"S": user_id}},
        UpdateExpression="SET imageUrl = :url",
        ExpressionAttributeValues={":url": {"S": image_url}},
    )
