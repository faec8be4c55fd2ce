variable "external_id" {
  description = "Your organization's ExternalId, as `connect` shows it in the chat"
  type        = string
  validation {
    condition     = can(regex("^[\\w+=,.@:/-]{2,1224}$", var.external_id))
    error_message = "An ExternalId is 2 to 1224 letters, digits or +=,.@:/-_."
  }
}

variable "cloudsweep_principal" {
  description = "The AWS principal CloudSweep runs as, as `connect` shows it (a role or user ARN, or arn:aws:iam::ACCOUNT:root)"
  type        = string
}

variable "role_name" {
  description = "The role's name; connect arn:aws:iam::<this account>:role/<role_name>"
  type        = string
  default     = "CloudSweep"
}

variable "enable_cleanup" {
  description = "Also grant what approved cleanups call; cleanups stay dry runs until `policy set cleanup on`"
  type        = bool
  default     = false
}
