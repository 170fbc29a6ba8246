output "upload_url_route" {
  description = "POST here with a bearer token for an upload URL."
  value       = module.profile_images.upload_url_route
}

output "public_base_url" {
  description = "Where the pictures are served."
  value       = module.profile_images.public_base_url
}

output "bucket_name" {
  description = "The uploads bucket."
  value       = module.profile_images.bucket_name
}

output "table_name" {
  description = "The users table."
  value       = module.profile_images.table_name
}

output "api_function_name" {
  description = "The upload-URL function."
  value       = module.profile_images.api_function_name
}

output "events_function_name" {
  description = "The object-created function."
  value       = module.profile_images.events_function_name
}

output "queue_url" {
  description = "The object-created queue."
  value       = module.profile_images.queue_url
}

output "dead_letter_queue_url" {
  description = "The dead-letter queue."
  value       = module.profile_images.dead_letter_queue_url
}
