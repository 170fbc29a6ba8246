# Two functions from one package: the upload-URL API and the object-created confirmation.

locals {
  lambda_source_hash = filebase64sha256(var.lambda_zip_path)

  functions = {
    api = {
      name        = "${var.name}-upload-url"
      handler     = "handlers.api.handler"
      description = "Issues presigned S3 upload URLs for profile pictures (open-update-image)."
      memory_size = var.api_function_memory_size
      timeout     = var.api_function_timeout
    }
    events = {
      name        = "${var.name}-object-created"
      handler     = "handlers.events.handler"
      description = "Checks uploaded profile pictures and points the user's imageUrl at them (open-update-image)."
      memory_size = var.events_function_memory_size
      timeout     = var.events_function_timeout
    }
  }

  # With SnapStart, callers go through the alias of the published version that holds the snapshot.
  api_function_target    = var.snap_start ? aws_lambda_alias.live["api"].arn : aws_lambda_function.this["api"].arn
  api_function_invoke    = var.snap_start ? aws_lambda_alias.live["api"].invoke_arn : aws_lambda_function.this["api"].invoke_arn
  events_function_target = var.snap_start ? aws_lambda_alias.live["events"].arn : aws_lambda_function.this["events"].arn
}

resource "aws_cloudwatch_log_group" "functions" {
  # checkov:skip=CKV_AWS_338:Retention is the log_retention_days variable (30 days by default): a team's policy, not a module's.
  for_each = local.functions

  name              = "/aws/lambda/${each.value.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = local.tags
}

resource "aws_lambda_function" "this" {
  # checkov:skip=CKV_AWS_116:The events function's failures go to the SQS queue's dead-letter queue; the API function is invoked synchronously.
  # checkov:skip=CKV_AWS_117:The functions reach only S3 and DynamoDB public endpoints; a VPC adds cost and no protection here.
  # checkov:skip=CKV_AWS_115:Concurrency is bounded by the API's throttling and the event source; reserving it is a per-account choice.
  # checkov:skip=CKV_AWS_272:Code signing needs a signing profile the team owns; the zip's hash is pinned by source_code_hash.
  # checkov:skip=CKV_AWS_50:X-Ray tracing is off by default (PassThrough) to keep the role free of X-Ray grants; JSON logs carry the request id.
  for_each = local.functions

  function_name    = each.value.name
  description      = each.value.description
  role             = aws_iam_role.functions[each.key].arn
  handler          = each.value.handler
  runtime          = var.runtime
  architectures    = [var.architecture]
  memory_size      = each.value.memory_size
  timeout          = each.value.timeout
  filename         = var.lambda_zip_path
  source_code_hash = local.lambda_source_hash
  kms_key_arn      = var.kms_key_arn
  publish          = var.snap_start

  environment {
    variables = local.function_environment
  }

  dynamic "snap_start" {
    for_each = var.snap_start ? [1] : []
    content {
      apply_on = "PublishedVersions"
    }
  }

  tags = local.tags

  depends_on = [aws_cloudwatch_log_group.functions, aws_iam_role_policy.api, aws_iam_role_policy.events]
}

resource "aws_lambda_alias" "live" {
  for_each = var.snap_start ? local.functions : {}

  name             = "live"
  description      = "The published version with the SnapStart snapshot."
  function_name    = aws_lambda_function.this[each.key].function_name
  function_version = aws_lambda_function.this[each.key].version
}
