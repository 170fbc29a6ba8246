"""Creating what the module would deploy, on an emulator: bucket, table, queues, notifications."""

import json
from dataclasses import dataclass

import boto3
from botocore.config import Config

from devstack.emulator import FAKE_CREDENTIALS


@dataclass(frozen=True)
class Endpoints:
    s3: str
    dynamodb: str
    sqs: str
    region: str = "us-east-1"

    @classmethod
    def single(cls, url: str, region: str = "us-east-1") -> "Endpoints":
        return cls(s3=url, dynamodb=url, sqs=url, region=region)

    def client(self, service: str):
        return boto3.session.Session().client(
            service,
            region_name=self.region,
            endpoint_url=getattr(self, service),
            aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}) if service == "s3" else None,
        )

    def environment(self) -> dict[str, str]:
        """The environment that points the handlers' boto3 clients at these endpoints."""
        return {
            "AWS_ENDPOINT_URL_S3": self.s3,
            "AWS_ENDPOINT_URL_DYNAMODB": self.dynamodb,
            "AWS_ENDPOINT_URL_SQS": self.sqs,
            "AWS_REGION": self.region,
            "AWS_DEFAULT_REGION": self.region,
            **FAKE_CREDENTIALS,
        }


@dataclass(frozen=True)
class Stack:
    bucket: str
    table: str
    queue_url: str
    dead_letter_queue_url: str
    key_prefix: str = "users/"
    user_id_attribute: str = "id"
    image_url_attribute: str = "imageUrl"


def cors_rules(origins) -> list[dict]:
    # The PUT rule comes last: moto answers a preflight by applying every rule in order (the last one's
    # Allow-Methods wins), while S3 uses the first rule that matches; in this order both allow the PUT.
    return [
        {"AllowedOrigins": ["*"], "AllowedMethods": ["GET", "HEAD"], "AllowedHeaders": [], "MaxAgeSeconds": 600},
        {
            "AllowedOrigins": list(origins),
            "AllowedMethods": ["PUT"],
            "AllowedHeaders": ["content-type", "content-length"],
            "ExposeHeaders": ["ETag"],
            "MaxAgeSeconds": 600,
        },
    ]


def s3_may_send(queue_arn: str, bucket: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "s3.amazonaws.com"},
                "Action": "sqs:SendMessage",
                "Resource": queue_arn,
                "Condition": {"ArnEquals": {"aws:SourceArn": f"arn:aws:s3:::{bucket}"}},
            }
        ],
    }


def create_stack(
    endpoints: Endpoints,
    bucket: str,
    table: str,
    queue: str,
    origins,
    key_prefix: str = "users/",
    user_id_attribute: str = "id",
    image_url_attribute: str = "imageUrl",
    max_receive_count: int = 3,
    visibility_timeout: int = 5,
) -> Stack:
    s3, dynamodb, sqs = endpoints.client("s3"), endpoints.client("dynamodb"), endpoints.client("sqs")

    dead_letter_url = sqs.create_queue(QueueName=f"{queue}-dlq")["QueueUrl"]
    dead_letter_arn = sqs.get_queue_attributes(QueueUrl=dead_letter_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    queue_url = sqs.create_queue(
        QueueName=queue,
        Attributes={
            "VisibilityTimeout": str(visibility_timeout),
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dead_letter_arn, "maxReceiveCount": str(max_receive_count)}),
        },
    )["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    # As on AWS, S3 may send to the queue only by its policy (emulators do not ask for it; AWS refuses without).
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"Policy": json.dumps(s3_may_send(queue_arn, bucket))})

    create_bucket = {"Bucket": bucket}
    if endpoints.region != "us-east-1":
        create_bucket["CreateBucketConfiguration"] = {"LocationConstraint": endpoints.region}
    s3.create_bucket(**create_bucket)
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": cors_rules(origins)})
    s3.put_bucket_notification_configuration(
        Bucket=bucket,
        NotificationConfiguration={
            "QueueConfigurations": [
                {
                    "QueueArn": queue_arn,
                    "Events": ["s3:ObjectCreated:*"],
                    "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": key_prefix}]}},
                }
            ]
        },
    )

    dynamodb.create_table(
        TableName=table,
        AttributeDefinitions=[{"AttributeName": user_id_attribute, "AttributeType": "S"}],
        KeySchema=[{"AttributeName": user_id_attribute, "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )
    dynamodb.get_waiter("table_exists").wait(TableName=table, WaiterConfig={"Delay": 0.2, "MaxAttempts": 100})
    return Stack(bucket, table, queue_url, dead_letter_url, key_prefix, user_id_attribute, image_url_attribute)


def add_user(endpoints: Endpoints, stack: Stack, user_id: str, **attributes: str) -> None:
    item = {stack.user_id_attribute: {"S": user_id}, **{name: {"S": value} for name, value in attributes.items()}}
    endpoints.client("dynamodb").put_item(TableName=stack.table, Item=item)


def handler_environment(endpoints: Endpoints, stack: Stack, origins, **overrides: str) -> dict[str, str]:
    """The settings the container reads, as the Terraform module would set them, for this stack."""
    return {
        **endpoints.environment(),
        "BUCKET_NAME": stack.bucket,
        "TABLE_NAME": stack.table,
        "USER_ID_ATTRIBUTE": stack.user_id_attribute,
        "IMAGE_URL_ATTRIBUTE": stack.image_url_attribute,
        "KEY_PREFIX": stack.key_prefix,
        "ALLOWED_ORIGINS": ",".join(origins),
        **overrides,
    }
