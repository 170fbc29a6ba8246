output "api_endpoint" {
  description = "Base URL of the created HTTP API (null with create_api = false)."
  value       = var.create_api ? aws_apigatewayv2_api.this[0].api_endpoint : null
}

output "api_id" {
  description = "Id of the HTTP API that holds the route (created or given)."
  value       = local.api_id
}

output "upload_url_route" {
  description = "Full URL of the upload-URL route on the created API's default stage (null with create_api = false)."
  value       = var.create_api ? "${aws_apigatewayv2_api.this[0].api_endpoint}${local.route_path}" : null
}

output "bucket_name" {
  description = "Name of the uploads bucket."
  value       = aws_s3_bucket.uploads.id
}

output "bucket_arn" {
  description = "ARN of the uploads bucket."
  value       = aws_s3_bucket.uploads.arn
}

output "table_name" {
  description = "Name of the users table (created or given)."
  value       = local.table_name
}

output "table_arn" {
  description = "ARN of the users table (created or given)."
  value       = local.table_arn
}

output "public_base_url" {
  description = "Base of every imageUrl: the CloudFront distribution's URL, public_base_url, or empty (the bucket's own URL, which stays private)."
  value       = local.public_base_url
}

output "cdn_domain_name" {
  description = "Domain name of the CloudFront distribution that serves the images (null with create_cdn = false)."
  value       = var.create_cdn ? aws_cloudfront_distribution.images[0].domain_name : null
}

output "api_function_name" {
  description = "Name of the upload-URL function (handlers.api.handler)."
  value       = aws_lambda_function.this["api"].function_name
}

output "api_function_arn" {
  description = "ARN of the upload-URL function."
  value       = aws_lambda_function.this["api"].arn
}

output "api_function_invoke_arn" {
  description = "Invoke ARN to integrate the upload-URL function into an API of your own (the live alias's with SnapStart)."
  value       = local.api_function_invoke
}

output "api_function_qualifier" {
  description = "Alias callers must invoke with SnapStart (live), null without it; for a Lambda permission of your own."
  value       = var.snap_start ? aws_lambda_alias.live["api"].name : null
}

output "events_function_name" {
  description = "Name of the object-created function (handlers.events.handler)."
  value       = aws_lambda_function.this["events"].function_name
}

output "events_function_arn" {
  description = "ARN of the object-created function."
  value       = aws_lambda_function.this["events"].arn
}

output "api_role_arn" {
  description = "ARN of the upload-URL function's IAM role."
  value       = aws_iam_role.functions["api"].arn
}

output "events_role_arn" {
  description = "ARN of the object-created function's IAM role."
  value       = aws_iam_role.functions["events"].arn
}

output "queue_url" {
  description = "URL of the SQS queue that receives the bucket's object-created notifications."
  value       = aws_sqs_queue.object_created.id
}

output "queue_arn" {
  description = "ARN of the object-created queue."
  value       = aws_sqs_queue.object_created.arn
}

output "dead_letter_queue_url" {
  description = "URL of the dead-letter queue: messages that failed max_receive_count times wait here for a redrive."
  value       = aws_sqs_queue.object_created_dlq.id
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.object_created_dlq.arn
}

output "function_environment" {
  description = "The settings both functions run with (for tooling and local runs against the deployed resources)."
  value       = local.function_environment
}
