"""The dependency-injector container: the only place where settings, clients, adapters and use cases meet."""

from dependency_injector import containers, providers

from adapters.dynamodb_user_repository import DynamoDbUserRepository
from adapters.s3_object_store import S3ObjectStore
from domain.models import UploadPolicy
from domain.use_cases import ConfirmUpload, RequestUpload
from handlers.aws import make_dynamodb_client, make_s3_client, new_session
from handlers.settings import Settings


def _policy(settings: Settings) -> UploadPolicy:
    return UploadPolicy(
        key_prefix=settings.key_prefix,
        max_upload_bytes=settings.max_upload_bytes,
        allowed_content_types=frozenset(settings.allowed_content_types),
        url_expires_seconds=settings.upload_url_expires_seconds,
        public_base_url=settings.public_base_url,
    )


class Container(containers.DeclarativeContainer):
    settings = providers.Singleton(Settings.from_env)
    policy = providers.Singleton(_policy, settings)

    aws_session = providers.Singleton(new_session)
    s3_client = providers.Singleton(
        make_s3_client, region=settings.provided.region, endpoint_url=settings.provided.s3_endpoint_url, session=aws_session
    )
    dynamodb_client = providers.Singleton(
        make_dynamodb_client,
        region=settings.provided.region,
        endpoint_url=settings.provided.dynamodb_endpoint_url,
        session=aws_session,
    )

    object_store = providers.Singleton(
        S3ObjectStore,
        client=s3_client,
        bucket=settings.provided.bucket_name,
        region=settings.provided.region,
        endpoint_url=settings.provided.s3_endpoint_url,
    )
    user_repository = providers.Singleton(
        DynamoDbUserRepository,
        client=dynamodb_client,
        table_name=settings.provided.table_name,
        user_id_attribute=settings.provided.user_id_attribute,
        image_url_attribute=settings.provided.image_url_attribute,
    )

    request_upload = providers.Singleton(RequestUpload, policy=policy, store=object_store, users=user_repository)
    confirm_upload = providers.Singleton(ConfirmUpload, policy=policy, store=object_store, users=user_repository)


def build_container() -> Container:
    """Build the container once per cold start: a missing setting fails here, by name."""
    container = Container()
    wire(container)
    return container


def wire(container: Container) -> None:
    """Make every singleton now, in one thread: during Lambda's init phase rather than the first
    request, and never concurrently (a botocore session is not thread-safe)."""
    container.request_upload()
    container.confirm_upload()
