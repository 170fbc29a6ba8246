# The HTTP API with its JWT authorizer, or the route on a team's existing API, and the Lambda permission.

locals {
  route_method = split(" ", var.route_key)[0]
  route_path   = split(" ", var.route_key)[1]

  api_id            = var.create_api ? aws_apigatewayv2_api.this[0].id : var.api_id
  api_execution_arn = var.create_api ? aws_apigatewayv2_api.this[0].execution_arn : var.api_execution_arn
  authorizer_id     = var.create_api ? aws_apigatewayv2_authorizer.jwt[0].id : var.authorizer_id
  authorizer_type   = var.create_api ? "JWT" : var.authorizer_type
}

resource "aws_apigatewayv2_api" "this" {
  count = var.create_api ? 1 : 0

  name          = var.name
  description   = "Profile-picture upload URLs (open-update-image)."
  protocol_type = "HTTP"

  cors_configuration {
    allow_origins = var.allowed_origins
    allow_methods = [local.route_method, "OPTIONS"]
    allow_headers = ["authorization", "content-type"]
    max_age       = 600
  }

  tags = local.tags

  lifecycle {
    precondition {
      condition     = var.jwt_issuer != null && length(var.jwt_audience) > 0
      error_message = "With create_api = true, set jwt_issuer and jwt_audience for the JWT authorizer."
    }
  }
}

resource "aws_apigatewayv2_authorizer" "jwt" {
  count = var.create_api ? 1 : 0

  api_id           = aws_apigatewayv2_api.this[0].id
  name             = "jwt"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = var.jwt_issuer
    audience = var.jwt_audience
  }
}

resource "aws_cloudwatch_log_group" "api_access" {
  # checkov:skip=CKV_AWS_338:Retention is the log_retention_days variable (30 days by default): a team's policy, not a module's.
  count = var.create_api ? 1 : 0

  name              = "/aws/apigateway/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = local.tags
}

resource "aws_apigatewayv2_stage" "default" {
  count = var.create_api ? 1 : 0

  api_id      = aws_apigatewayv2_api.this[0].id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit = var.api_throttling_burst_limit
    throttling_rate_limit  = var.api_throttling_rate_limit
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access[0].arn
    format = jsonencode({
      requestId      = "$context.requestId"
      requestTime    = "$context.requestTime"
      routeKey       = "$context.routeKey"
      status         = "$context.status"
      responseLength = "$context.responseLength"
      latencyMs      = "$context.responseLatency"
      sourceIp       = "$context.identity.sourceIp"
      authorizerErr  = "$context.authorizer.error"
      integrationErr = "$context.integrationErrorMessage"
    })
  }

  tags = local.tags
}

resource "aws_apigatewayv2_integration" "upload_url" {
  count = var.create_route ? 1 : 0

  api_id                 = local.api_id
  integration_type       = "AWS_PROXY"
  integration_uri        = local.api_function_invoke
  payload_format_version = "2.0"
  timeout_milliseconds   = var.api_function_timeout * 1000

  lifecycle {
    precondition {
      condition     = var.create_api || (var.api_id != null && var.api_execution_arn != null && var.authorizer_id != null)
      error_message = "With create_api = false and create_route = true, set api_id, api_execution_arn and authorizer_id of the existing HTTP API."
    }
  }
}

resource "aws_apigatewayv2_route" "upload_url" {
  count = var.create_route ? 1 : 0

  api_id             = local.api_id
  route_key          = var.route_key
  target             = "integrations/${aws_apigatewayv2_integration.upload_url[0].id}"
  authorization_type = local.authorizer_type
  authorizer_id      = local.authorizer_id
}

resource "aws_lambda_permission" "api_gateway" {
  count = var.create_route ? 1 : 0

  statement_id  = "AllowApiGatewayRoute"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this["api"].function_name
  qualifier     = var.snap_start ? aws_lambda_alias.live["api"].name : null
  principal     = "apigateway.amazonaws.com"
  # Any stage, this route only. (Null only when the integration's precondition has already failed the plan.)
  source_arn = local.api_execution_arn == null ? null : "${local.api_execution_arn}/*/${local.route_method}${local.route_path}"
}
