"""UserRepository on DynamoDB (low-level boto3 client).

Attribute names always go through ExpressionAttributeNames, so reserved words (`name`, `url`)
work as key or image attribute. Beside the image URL the item keeps `imageKey` and
`imageUploadId`, the latter so that the conditional write can refuse an older upload.
"""

from botocore.exceptions import ClientError

from domain.models import ImageChange, ProfileImage
from domain.ports import UserRepository

IMAGE_KEY_ATTRIBUTE = "imageKey"
IMAGE_UPLOAD_ID_ATTRIBUTE = "imageUploadId"


class DynamoDbUserRepository(UserRepository):
    def __init__(self, client, table_name: str, user_id_attribute: str = "id", image_url_attribute: str = "imageUrl"):
        self._client = client
        self._table = table_name
        self._id = user_id_attribute
        self._image_url = image_url_attribute

    def exists(self, user_id):
        response = self._client.get_item(
            TableName=self._table,
            Key={self._id: {"S": user_id}},
            ProjectionExpression="#id",
            ExpressionAttributeNames={"#id": self._id},
            ConsistentRead=True,
        )
        return "Item" in response

    def set_image_if_newer(self, user_id, image):
        try:
            response = self._client.update_item(
                TableName=self._table,
                Key={self._id: {"S": user_id}},
                UpdateExpression="SET #url = :url, #key = :key, #upload = :upload",
                ConditionExpression="attribute_exists(#id) AND (attribute_not_exists(#upload) OR #upload < :upload)",
                ExpressionAttributeNames={
                    "#id": self._id,
                    "#url": self._image_url,
                    "#key": IMAGE_KEY_ATTRIBUTE,
                    "#upload": IMAGE_UPLOAD_ID_ATTRIBUTE,
                },
                ExpressionAttributeValues={
                    ":url": {"S": image.image_url},
                    ":key": {"S": image.key},
                    ":upload": {"S": image.upload_id},
                },
                ReturnValues="ALL_OLD",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
                raise
            old = error.response.get("Item")
            if old is None:
                old = self._read(user_id)
            if not old:
                return ImageChange("unknown_user")
            return ImageChange("stale", current=self._image_from(old))
        return ImageChange("updated", replaced=self._image_from(response.get("Attributes") or {}))

    def _read(self, user_id):
        response = self._client.get_item(
            TableName=self._table, Key={self._id: {"S": user_id}}, ConsistentRead=True
        )
        return response.get("Item")

    def _image_from(self, item) -> ProfileImage | None:
        key = item.get(IMAGE_KEY_ATTRIBUTE, {}).get("S")
        upload_id = item.get(IMAGE_UPLOAD_ID_ATTRIBUTE, {}).get("S")
        if not key or not upload_id:
            return None
        return ProfileImage(key=key, upload_id=upload_id, image_url=item.get(self._image_url, {}).get("S", ""))
