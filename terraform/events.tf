# Object-created delivery: S3 -> SQS (dead-letter queue after max_receive_count) -> the events function,
# which reports partial batch failures so that only failed messages are retried.

resource "aws_sqs_queue" "object_created_dlq" {
  name                       = "${var.name}-object-created-dlq"
  message_retention_seconds  = 1209600
  sqs_managed_sse_enabled    = var.kms_key_arn == null ? true : null
  kms_master_key_id          = var.kms_key_arn
  visibility_timeout_seconds = var.events_function_timeout * 6
  tags                       = local.tags
}

resource "aws_sqs_queue" "object_created" {
  name = "${var.name}-object-created"
  # AWS's advice for Lambda event sources: six times the function's timeout.
  visibility_timeout_seconds = var.events_function_timeout * 6
  message_retention_seconds  = 345600
  sqs_managed_sse_enabled    = var.kms_key_arn == null ? true : null
  kms_master_key_id          = var.kms_key_arn
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.object_created_dlq.arn
    maxReceiveCount     = var.max_receive_count
  })
  tags = local.tags
}

resource "aws_sqs_queue_policy" "object_created" {
  queue_url = aws_sqs_queue.object_created.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowUploadsBucketToSend"
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.object_created.arn
      Condition = { ArnEquals = { "aws:SourceArn" = aws_s3_bucket.uploads.arn } }
    }]
  })
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  queue {
    id            = "object-created"
    queue_arn     = aws_sqs_queue.object_created.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = var.key_prefix
  }

  depends_on = [aws_sqs_queue_policy.object_created]
}

resource "aws_lambda_event_source_mapping" "object_created" {
  event_source_arn        = aws_sqs_queue.object_created.arn
  function_name           = local.events_function_target
  batch_size              = var.events_batch_size
  function_response_types = ["ReportBatchItemFailures"]

  depends_on = [aws_iam_role_policy.events]
}
