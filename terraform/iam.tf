# One role per function, each allowed only the operations its adapters perform, on its own resources.
# tests/terraform/test_contract.py records the operations the suite performs and compares both ways.

locals {
  kms_statements = var.kms_key_arn == null ? [] : [{
    Sid      = "UseTheCustomerManagedKey"
    Effect   = "Allow"
    Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
    Resource = var.kms_key_arn
  }]

  log_statement = {
    for key, function in local.functions : key => {
      Sid      = "WriteOwnLogs"
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = "${aws_cloudwatch_log_group.functions[key].arn}:*"
    }
  }

  function_policies = {
    api = {
      Version = "2012-10-17"
      Statement = concat([
        local.log_statement["api"],
        {
          # Presigned PUT URLs carry this role's permission: the upload itself needs s3:PutObject.
          Sid      = "SignUploadsUnderThePrefix"
          Effect   = "Allow"
          Action   = ["s3:PutObject"]
          Resource = local.uploads_object_arn
        },
        {
          Sid      = "CheckTheUserExists"
          Effect   = "Allow"
          Action   = ["dynamodb:GetItem"]
          Resource = local.table_arn
        },
      ], local.kms_statements)
    }
    events = {
      Version = "2012-10-17"
      Statement = concat([
        local.log_statement["events"],
        {
          Sid      = "CheckAndDeleteUploads"
          Effect   = "Allow"
          Action   = ["s3:GetObject", "s3:DeleteObject"]
          Resource = local.uploads_object_arn
        },
        {
          # Without it S3 answers 403 instead of 404 for an object already gone, and the event would be
          # retried into the dead-letter queue instead of completing (a condition on s3:prefix would not apply
          # to GetObject, so none is set; the bucket holds only uploads).
          Sid      = "SeeThatAnUploadIsGone"
          Effect   = "Allow"
          Action   = ["s3:ListBucket"]
          Resource = aws_s3_bucket.uploads.arn
        },
        {
          Sid      = "SetTheProfileImage"
          Effect   = "Allow"
          Action   = ["dynamodb:GetItem", "dynamodb:UpdateItem"]
          Resource = local.table_arn
        },
        {
          # What the SQS event source mapping does with the function's role.
          Sid      = "ConsumeObjectCreatedMessages"
          Effect   = "Allow"
          Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
          Resource = aws_sqs_queue.object_created.arn
        },
      ], local.kms_statements)
    }
  }
}

resource "aws_iam_role" "functions" {
  for_each = local.functions

  name        = each.value.name
  description = "Role of the ${each.value.name} function (open-update-image)."
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  tags = local.tags
}

resource "aws_iam_role_policy" "api" {
  name   = "upload-url"
  role   = aws_iam_role.functions["api"].id
  policy = jsonencode(local.function_policies["api"])
}

resource "aws_iam_role_policy" "events" {
  name   = "object-created"
  role   = aws_iam_role.functions["events"].id
  policy = jsonencode(local.function_policies["events"])
}
