output "api_function_name" {
  description = "The upload-URL function, behind the team's API."
  value       = module.profile_images.api_function_name
}

output "public_base_url" {
  description = "Where the pictures are served."
  value       = module.profile_images.public_base_url
}
