# `terraform test` with a mock provider: what each variable combination creates, and the IAM it grants.
# Run by tests/terraform/test_module.py (make test); by hand: terraform init -backend=false && terraform test

mock_provider "aws" {
  mock_resource "aws_s3_bucket" {
    defaults = {
      id                          = "tftest-images-0001"
      arn                         = "arn:aws:s3:::tftest-images-0001"
      bucket_regional_domain_name = "tftest-images-0001.s3.eu-west-1.amazonaws.com"
    }
  }
  mock_resource "aws_dynamodb_table" {
    defaults = { arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/tftest-users" }
  }
  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:tftest-object-created"
      id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/tftest-object-created"
    }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/tftest" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/tftest", id = "tftest" }
  }
  mock_resource "aws_lambda_function" {
    defaults = {
      arn        = "arn:aws:lambda:eu-west-1:123456789012:function:tftest"
      invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:tftest/invocations"
      version    = "1"
    }
  }
  mock_resource "aws_lambda_alias" {
    defaults = {
      arn        = "arn:aws:lambda:eu-west-1:123456789012:function:tftest:live"
      invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:tftest:live/invocations"
    }
  }
  mock_resource "aws_apigatewayv2_api" {
    defaults = {
      id            = "abcde12345"
      execution_arn = "arn:aws:execute-api:eu-west-1:123456789012:abcde12345"
      api_endpoint  = "https://abcde12345.execute-api.eu-west-1.amazonaws.com"
    }
  }
  mock_resource "aws_apigatewayv2_authorizer" {
    defaults = { id = "jwt0001" }
  }
  mock_resource "aws_cloudfront_distribution" {
    defaults = {
      arn         = "arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE"
      domain_name = "d111111abcdef8.cloudfront.net"
    }
  }
  mock_resource "aws_api_gateway_rest_api" {
    defaults = {
      execution_arn    = "arn:aws:execute-api:eu-west-1:123456789012:rest000001"
      root_resource_id = "root000001"
    }
  }
}

variables {
  name            = "tftest"
  lambda_zip_path = "tests/fixtures/lambda.zip"
  allowed_origins = ["https://app.example.com"]
  jwt_issuer      = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE"
  jwt_audience    = ["client-id"]
}

# ---------------------------------------------------------------------------------------------------------------------
# Everything created, defaults
# ---------------------------------------------------------------------------------------------------------------------

run "creates_everything_with_defaults" {
  command = apply

  # Storage: private, encrypted, TLS only, CORS for the PUT, multipart uploads aborted.
  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.uploads.block_public_acls,
      aws_s3_bucket_public_access_block.uploads.block_public_policy,
      aws_s3_bucket_public_access_block.uploads.ignore_public_acls,
      aws_s3_bucket_public_access_block.uploads.restrict_public_buckets,
    ])
    error_message = "All public access must be blocked."
  }
  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.uploads.rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "Without kms_key_arn the bucket uses SSE-S3."
  }
  assert {
    condition     = jsondecode(aws_s3_bucket_policy.uploads.policy).Statement[0].Condition.Bool["aws:SecureTransport"] == "false" && jsondecode(aws_s3_bucket_policy.uploads.policy).Statement[0].Effect == "Deny"
    error_message = "The bucket policy must deny requests without TLS."
  }
  assert {
    condition     = toset(flatten([for rule in aws_s3_bucket_cors_configuration.uploads.cors_rule : rule.allowed_origins if contains(rule.allowed_methods, "PUT")])) == toset(["https://app.example.com"])
    error_message = "Only the allowed origins may PUT."
  }
  assert {
    condition     = toset(flatten([for rule in aws_s3_bucket_cors_configuration.uploads.cors_rule : rule.allowed_headers if contains(rule.allowed_methods, "PUT")])) == toset(["content-type", "content-length"])
    error_message = "The PUT rule must allow exactly the signed headers."
  }
  assert {
    condition     = one([for rule in aws_s3_bucket_lifecycle_configuration.uploads.rule : one(rule.abort_incomplete_multipart_upload).days_after_initiation]) == 1
    error_message = "Incomplete multipart uploads must be aborted."
  }

  # Table.
  assert {
    condition     = length(aws_dynamodb_table.users) == 1 && aws_dynamodb_table.users[0].billing_mode == "PAY_PER_REQUEST" && aws_dynamodb_table.users[0].hash_key == "id"
    error_message = "The users table is created on demand, keyed by id."
  }
  assert {
    condition     = aws_dynamodb_table.users[0].point_in_time_recovery[0].enabled && aws_dynamodb_table.users[0].deletion_protection_enabled
    error_message = "The table has point-in-time recovery and deletion protection."
  }

  # Delivery: S3 -> SQS (DLQ) -> Lambda with partial batch responses, filtered to the prefix.
  assert {
    condition     = one(aws_s3_bucket_notification.uploads.queue).filter_prefix == "users/" && one(aws_s3_bucket_notification.uploads.queue).events == toset(["s3:ObjectCreated:*"])
    error_message = "Object-created notifications go to the queue, for the key prefix only."
  }
  assert {
    condition     = jsondecode(aws_sqs_queue.object_created.redrive_policy).maxReceiveCount == 5 && jsondecode(aws_sqs_queue.object_created.redrive_policy).deadLetterTargetArn == aws_sqs_queue.object_created_dlq.arn
    error_message = "The queue redrives to the DLQ after max_receive_count."
  }
  assert {
    condition     = aws_lambda_event_source_mapping.object_created.function_response_types == toset(["ReportBatchItemFailures"]) && aws_lambda_event_source_mapping.object_created.function_name == aws_lambda_function.this["events"].arn
    error_message = "The event source reports partial batch failures to the events function."
  }
  assert {
    condition     = jsondecode(aws_sqs_queue_policy.object_created.policy).Statement[0].Condition.ArnEquals["aws:SourceArn"] == aws_s3_bucket.uploads.arn
    error_message = "Only the uploads bucket may send to the queue."
  }

  # Functions.
  assert {
    condition     = aws_lambda_function.this["api"].handler == "handlers.api.handler" && aws_lambda_function.this["events"].handler == "handlers.events.handler"
    error_message = "The handler strings name the two entry points."
  }
  assert {
    condition     = alltrue([for f in aws_lambda_function.this : f.runtime == "python3.12" && f.architectures == tolist(["arm64"]) && !f.publish])
    error_message = "Both functions default to python3.12 on arm64, unpublished."
  }
  assert {
    condition     = aws_lambda_function.this["api"].environment[0].variables == aws_lambda_function.this["events"].environment[0].variables
    error_message = "Both functions run with the same settings."
  }
  assert {
    condition = aws_lambda_function.this["api"].environment[0].variables == tomap({
      BUCKET_NAME                = "tftest-images-0001"
      TABLE_NAME                 = "tftest-users"
      USER_ID_ATTRIBUTE          = "id"
      IMAGE_URL_ATTRIBUTE        = "imageUrl"
      KEY_PREFIX                 = "users/"
      UPLOAD_URL_EXPIRES_SECONDS = "60"
      MAX_UPLOAD_BYTES           = "5242880"
      ALLOWED_CONTENT_TYPES      = "image/jpeg,image/png,image/webp,image/gif"
      PUBLIC_BASE_URL            = "https://d111111abcdef8.cloudfront.net"
      ALLOWED_ORIGINS            = "https://app.example.com"
      USER_ID_CLAIM              = "sub"
    })
    error_message = "The functions' settings are the defaults, the created resources and the CDN."
  }
  assert {
    condition     = alltrue([for g in aws_cloudwatch_log_group.functions : g.retention_in_days == 30])
    error_message = "Log groups keep 30 days by default."
  }

  # IAM: one role per function, only the actions used, only on our resources.
  assert {
    condition = {
      for s in jsondecode(aws_iam_role_policy.api.policy).Statement : s.Sid => [s.Action, s.Resource]
      } == {
      WriteOwnLogs              = [["logs:CreateLogStream", "logs:PutLogEvents"], "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/tftest:*"]
      SignUploadsUnderThePrefix = [["s3:PutObject"], "arn:aws:s3:::tftest-images-0001/users/*"]
      CheckTheUserExists        = [["dynamodb:GetItem"], "arn:aws:dynamodb:eu-west-1:123456789012:table/tftest-users"]
    }
    error_message = "The API role may write its logs, sign PUTs under the prefix and read the table, nothing else."
  }
  assert {
    condition = {
      for s in jsondecode(aws_iam_role_policy.events.policy).Statement : s.Sid => [s.Action, s.Resource]
      } == {
      WriteOwnLogs                 = [["logs:CreateLogStream", "logs:PutLogEvents"], "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/tftest:*"]
      CheckAndDeleteUploads        = [["s3:GetObject", "s3:DeleteObject"], "arn:aws:s3:::tftest-images-0001/users/*"]
      SeeThatAnUploadIsGone        = [["s3:ListBucket"], "arn:aws:s3:::tftest-images-0001"]
      SetTheProfileImage           = [["dynamodb:GetItem", "dynamodb:UpdateItem"], "arn:aws:dynamodb:eu-west-1:123456789012:table/tftest-users"]
      ConsumeObjectCreatedMessages = [["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], "arn:aws:sqs:eu-west-1:123456789012:tftest-object-created"]
    }
    error_message = "The events role may read and delete uploads, update the table and consume its queue, nothing else."
  }
  assert {
    condition     = alltrue([for s in concat(jsondecode(aws_iam_role_policy.api.policy).Statement, jsondecode(aws_iam_role_policy.events.policy).Statement) : s.Effect == "Allow" && !anytrue([for a in s.Action : strcontains(a, "*")])])
    error_message = "No wildcard actions."
  }

  # API: HTTP API, JWT authorizer, the route, payload 2.0, a permission for this route only.
  assert {
    condition     = aws_apigatewayv2_api.this[0].protocol_type == "HTTP" && aws_apigatewayv2_authorizer.jwt[0].authorizer_type == "JWT" && one(aws_apigatewayv2_authorizer.jwt[0].jwt_configuration).issuer == var.jwt_issuer
    error_message = "An HTTP API with a JWT authorizer of the given issuer."
  }
  assert {
    condition     = aws_apigatewayv2_route.upload_url[0].route_key == "POST /profile/image" && aws_apigatewayv2_route.upload_url[0].authorization_type == "JWT" && aws_apigatewayv2_route.upload_url[0].authorizer_id == "jwt0001"
    error_message = "The route is POST /profile/image behind the JWT authorizer."
  }
  assert {
    condition     = aws_apigatewayv2_integration.upload_url[0].payload_format_version == "2.0" && aws_apigatewayv2_integration.upload_url[0].integration_uri == aws_lambda_function.this["api"].invoke_arn
    error_message = "The route invokes the API function with payload 2.0."
  }
  assert {
    condition     = aws_lambda_permission.api_gateway[0].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:abcde12345/*/POST/profile/image"
    error_message = "API Gateway may invoke the function for this route only."
  }
  assert {
    condition     = output.upload_url_route == "https://abcde12345.execute-api.eu-west-1.amazonaws.com/profile/image"
    error_message = "The upload route URL output."
  }

  # Images: CloudFront with OAC, and only it may read the bucket.
  assert {
    condition     = one(aws_cloudfront_distribution.images[0].origin).origin_access_control_id == aws_cloudfront_origin_access_control.images[0].id && aws_cloudfront_origin_access_control.images[0].signing_behavior == "always"
    error_message = "The CDN reads the bucket through origin access control."
  }
  assert {
    condition     = one(aws_cloudfront_distribution.images[0].default_cache_behavior).response_headers_policy_id == "e61eb60c-9c35-4d20-a928-2b84e02af89c" && one(aws_cloudfront_distribution.images[0].default_cache_behavior).viewer_protocol_policy == "redirect-to-https"
    error_message = "Pictures are served over HTTPS with nosniff (the managed CORS-and-SecurityHeadersPolicy)."
  }
  assert {
    condition     = jsondecode(aws_s3_bucket_policy.uploads.policy).Statement[1].Principal.Service == "cloudfront.amazonaws.com" && jsondecode(aws_s3_bucket_policy.uploads.policy).Statement[1].Resource == "arn:aws:s3:::tftest-images-0001/users/*" && jsondecode(aws_s3_bucket_policy.uploads.policy).Statement[1].Condition.StringEquals["AWS:SourceArn"] == aws_cloudfront_distribution.images[0].arn
    error_message = "Only this distribution may read uploads, under the prefix."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# A team's existing table (own key name) and HTTP API, custom attribute names, x86_64
# ---------------------------------------------------------------------------------------------------------------------

run "uses_existing_table_and_api" {
  command = apply

  variables {
    create_table        = false
    table_arn           = "arn:aws:dynamodb:eu-west-1:123456789012:table/team-users"
    user_id_attribute   = "name"
    image_url_attribute = "url"
    create_api          = false
    api_id              = "team000001"
    api_execution_arn   = "arn:aws:execute-api:eu-west-1:123456789012:team000001"
    authorizer_id       = "teamjwt1"
    route_key           = "POST /me/avatar"
    architecture        = "x86_64"
    runtime             = "python3.13"
  }

  assert {
    condition     = length(aws_dynamodb_table.users) == 0 && length(aws_apigatewayv2_api.this) == 0 && length(aws_apigatewayv2_authorizer.jwt) == 0 && length(aws_apigatewayv2_stage.default) == 0
    error_message = "No table, API, authorizer or stage is created."
  }
  assert {
    condition     = aws_lambda_function.this["api"].environment[0].variables.TABLE_NAME == "team-users" && aws_lambda_function.this["api"].environment[0].variables.USER_ID_ATTRIBUTE == "name" && aws_lambda_function.this["api"].environment[0].variables.IMAGE_URL_ATTRIBUTE == "url"
    error_message = "The functions use the team's table and attribute names."
  }
  assert {
    condition     = alltrue([for s in concat(jsondecode(aws_iam_role_policy.api.policy).Statement, jsondecode(aws_iam_role_policy.events.policy).Statement) : s.Resource == var.table_arn if startswith(s.Sid, "Check") && strcontains(jsonencode(s.Action), "dynamodb")])
    error_message = "DynamoDB grants name the team's table."
  }
  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.events.policy).Statement : s.Resource if s.Sid == "SetTheProfileImage"] == [var.table_arn]
    error_message = "The events role updates the team's table."
  }
  assert {
    condition     = aws_apigatewayv2_route.upload_url[0].api_id == "team000001" && aws_apigatewayv2_route.upload_url[0].authorizer_id == "teamjwt1" && aws_apigatewayv2_route.upload_url[0].route_key == "POST /me/avatar"
    error_message = "The route is added to the team's API behind its authorizer."
  }
  assert {
    condition     = aws_lambda_permission.api_gateway[0].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:team000001/*/POST/me/avatar"
    error_message = "The permission is scoped to the team's API and the route."
  }
  assert {
    condition     = alltrue([for f in aws_lambda_function.this : f.architectures == tolist(["x86_64"]) && f.runtime == "python3.13"])
    error_message = "Architecture and runtime follow the variables."
  }
  assert {
    condition     = output.api_endpoint == null && output.table_arn == var.table_arn
    error_message = "Outputs describe the team's resources."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# A team's own CDN; a customer-managed key
# ---------------------------------------------------------------------------------------------------------------------

run "own_cdn_and_kms_key" {
  command = apply

  variables {
    create_cdn      = false
    public_base_url = "https://images.example.com"
    kms_key_arn     = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }

  assert {
    condition     = length(aws_cloudfront_distribution.images) == 0 && length(jsondecode(aws_s3_bucket_policy.uploads.policy).Statement) == 1
    error_message = "No distribution, and no one but the functions reads the bucket."
  }
  assert {
    condition     = aws_lambda_function.this["events"].environment[0].variables.PUBLIC_BASE_URL == "https://images.example.com"
    error_message = "imageUrl is built on the team's CDN."
  }
  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.uploads.rule).apply_server_side_encryption_by_default).kms_master_key_id == var.kms_key_arn && aws_sqs_queue.object_created.kms_master_key_id == var.kms_key_arn && aws_dynamodb_table.users[0].server_side_encryption[0].kms_key_arn == var.kms_key_arn
    error_message = "Bucket, queue and table use the customer-managed key."
  }
  assert {
    condition     = alltrue([for policy in [aws_iam_role_policy.api.policy, aws_iam_role_policy.events.policy] : contains([for s in jsondecode(policy).Statement : s.Resource], var.kms_key_arn)])
    error_message = "Both roles may use the key."
  }
}

run "no_cdn_no_base_url_uses_the_bucket_url" {
  command = apply

  variables {
    create_cdn = false
  }

  assert {
    condition     = aws_lambda_function.this["api"].environment[0].variables.PUBLIC_BASE_URL == ""
    error_message = "Without a CDN imageUrl falls back to the bucket's own URL (empty PUBLIC_BASE_URL)."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# SnapStart: published versions behind the live alias
# ---------------------------------------------------------------------------------------------------------------------

run "snap_start_routes_through_the_alias" {
  command = apply

  variables {
    snap_start = true
  }

  assert {
    condition     = alltrue([for f in aws_lambda_function.this : f.publish && one(f.snap_start).apply_on == "PublishedVersions"])
    error_message = "Both functions publish versions with SnapStart."
  }
  assert {
    condition     = aws_apigatewayv2_integration.upload_url[0].integration_uri == aws_lambda_alias.live["api"].invoke_arn && aws_lambda_event_source_mapping.object_created.function_name == aws_lambda_alias.live["events"].arn
    error_message = "API and event source invoke the live alias."
  }
  assert {
    condition     = aws_lambda_permission.api_gateway[0].qualifier == "live"
    error_message = "The permission is for the alias."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# No API resources at all (REST API teams wire the function themselves), and the REST recipe
# ---------------------------------------------------------------------------------------------------------------------

run "no_route" {
  command = apply

  variables {
    create_api   = false
    create_route = false
  }

  assert {
    condition     = length(aws_apigatewayv2_route.upload_url) == 0 && length(aws_apigatewayv2_integration.upload_url) == 0 && length(aws_lambda_permission.api_gateway) == 0
    error_message = "No route, integration or permission."
  }
}

run "rest_api_recipe" {
  command = apply

  module {
    source = "./examples/rest-api"
  }

  variables {
    lambda_zip_path = "tests/fixtures/lambda.zip"
  }

  assert {
    condition     = aws_api_gateway_integration.upload_url.type == "AWS_PROXY" && aws_api_gateway_integration.upload_url.uri == module.profile_images.api_function_invoke_arn
    error_message = "The REST method proxies to the module's function."
  }
  assert {
    condition     = aws_api_gateway_method.upload_url.authorization == "CUSTOM" && aws_lambda_permission.team_api.source_arn == "arn:aws:execute-api:eu-west-1:123456789012:rest000001/*/POST/profile/image"
    error_message = "Behind the Lambda authorizer, invokable by this REST route only."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Values that are wrong are refused
# ---------------------------------------------------------------------------------------------------------------------

run "rejects_expiry_out_of_range" {
  command = plan
  variables {
    upload_url_expires_seconds = 3601
  }
  expect_failures = [var.upload_url_expires_seconds]
}

run "rejects_zero_expiry" {
  command = plan
  variables {
    upload_url_expires_seconds = 0
  }
  expect_failures = [var.upload_url_expires_seconds]
}

run "rejects_unsupported_content_type" {
  command = plan
  variables {
    allowed_content_types = ["image/jpeg", "image/svg+xml"]
  }
  expect_failures = [var.allowed_content_types]
}

run "rejects_zero_max_size" {
  command = plan
  variables {
    max_upload_bytes = 0
  }
  expect_failures = [var.max_upload_bytes]
}

run "rejects_empty_name" {
  command = plan
  variables {
    name = ""
  }
  expect_failures = [var.name]
}

run "rejects_malformed_table_arn" {
  command = plan
  variables {
    create_table = false
    table_arn    = "team-users"
  }
  expect_failures = [var.table_arn]
}

run "rejects_malformed_execution_arn" {
  command = plan
  variables {
    create_api        = false
    api_id            = "team000001"
    authorizer_id     = "teamjwt1"
    api_execution_arn = "arn:aws:lambda:eu-west-1:123456789012:function:nope"
  }
  expect_failures = [var.api_execution_arn]
}

run "rejects_origin_with_path" {
  command = plan
  variables {
    allowed_origins = ["https://app.example.com/"]
  }
  expect_failures = [var.allowed_origins]
}

run "rejects_empty_user_id_claim" {
  command = plan
  variables {
    user_id_claim = " "
  }
  expect_failures = [var.user_id_claim]
}

run "requires_issuer_for_a_created_api" {
  command = plan
  variables {
    jwt_issuer = null
  }
  expect_failures = [aws_apigatewayv2_api.this]
}

run "requires_the_existing_api_ids" {
  command = plan
  variables {
    create_api = false
  }
  expect_failures = [aws_apigatewayv2_integration.upload_url]
}
