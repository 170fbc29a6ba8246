# The uploads bucket: private, encrypted, TLS only, CORS for presigned PUTs from the allowed origins.

resource "aws_s3_bucket" "uploads" {
  # checkov:skip=CKV_AWS_18:Access logging needs a separate log bucket the team owns; CloudTrail data events cover audits.
  # checkov:skip=CKV_AWS_144:Cross-region replication of profile pictures is a team's choice, not a default.
  # checkov:skip=CKV_AWS_21:Versioning would keep every replaced and rejected picture; the service deletes them on purpose.
  bucket        = var.bucket_name
  bucket_prefix = var.bucket_name == null ? "${var.name}-images-" : null
  force_destroy = var.bucket_force_destroy
  tags          = local.tags
}

resource "aws_s3_bucket_ownership_controls" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "uploads" {
  bucket                  = aws_s3_bucket.uploads.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = var.kms_key_arn != null
  }
}

resource "aws_s3_bucket_cors_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  # Reading is open to any origin (the images are public through the CDN anyway).
  cors_rule {
    allowed_methods = ["GET", "HEAD"]
    allowed_origins = ["*"]
    max_age_seconds = 600
  }

  # The presigned PUT, with the headers the service signs. Last, as in devstack/resources.py: S3 uses the
  # first matching rule and moto the last one, so this order allows the PUT on both.
  cors_rule {
    allowed_methods = ["PUT"]
    allowed_origins = var.allowed_origins
    allowed_headers = ["content-type", "content-length"]
    expose_headers  = ["ETag"]
    max_age_seconds = 600
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "uploads" {
  bucket                                 = aws_s3_bucket.uploads.id
  transition_default_minimum_object_size = "all_storage_classes_128K"

  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

resource "aws_s3_bucket_policy" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.uploads.arn, "${aws_s3_bucket.uploads.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }],
      var.create_cdn ? [{
        Sid       = "AllowCloudFrontToReadImages"
        Effect    = "Allow"
        Principal = { Service = "cloudfront.amazonaws.com" }
        Action    = "s3:GetObject"
        Resource  = local.uploads_object_arn
        Condition = { StringEquals = { "AWS:SourceArn" = aws_cloudfront_distribution.images[0].arn } }
      }] : []
    )
  })

  depends_on = [aws_s3_bucket_public_access_block.uploads]
}
