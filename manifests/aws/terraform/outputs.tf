output "role_arn" {
  description = "Give it to CloudSweep: connect <role_arn>"
  value       = aws_iam_role.cloudsweep.arn
}
