output "rest_api_id" {
  description = "The team's REST API, now with POST /profile/image."
  value       = aws_api_gateway_rest_api.team.id
}

output "api_function_name" {
  description = "The upload-URL function behind it."
  value       = module.profile_images.api_function_name
}
