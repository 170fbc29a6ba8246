# Names, shared values and the functions' settings. Resources are split by concern:
# storage.tf (bucket), table.tf, events.tf (object-created delivery), functions.tf, iam.tf, api.tf, cdn.tf.

locals {
  tags = merge({ "module" = "open-update-image" }, var.tags)

  table_name = var.create_table ? aws_dynamodb_table.users[0].name : element(split("/", var.table_arn), 1)
  table_arn  = var.create_table ? aws_dynamodb_table.users[0].arn : var.table_arn

  # imageUrl is this base + "/" + key: the CDN in front of the private bucket, or the team's own.
  public_base_url = var.create_cdn ? "https://${aws_cloudfront_distribution.images[0].domain_name}" : (var.public_base_url == null ? "" : var.public_base_url)

  # Exactly the settings handlers/settings.py reads (a contract test checks both directions).
  function_environment = {
    BUCKET_NAME                = aws_s3_bucket.uploads.id
    TABLE_NAME                 = local.table_name
    USER_ID_ATTRIBUTE          = var.user_id_attribute
    IMAGE_URL_ATTRIBUTE        = var.image_url_attribute
    KEY_PREFIX                 = var.key_prefix
    UPLOAD_URL_EXPIRES_SECONDS = tostring(var.upload_url_expires_seconds)
    MAX_UPLOAD_BYTES           = tostring(var.max_upload_bytes)
    ALLOWED_CONTENT_TYPES      = join(",", [for type in var.allowed_content_types : lower(type)])
    PUBLIC_BASE_URL            = local.public_base_url
    ALLOWED_ORIGINS            = join(",", var.allowed_origins)
    USER_ID_CLAIM              = var.user_id_claim
  }

  uploads_object_arn = "${aws_s3_bucket.uploads.arn}/${var.key_prefix}*"
}
