-- What exactly a finding's action is to do, typed by the engine (ActionParameters.fields()): the target of a volume
-- type change, the kind of load balancer to delete. Rows stored before this column are filled from what they already
-- say: the gp3 target in their evidence, the load balancer's kind in its ARN.
ALTER TABLE findings ADD COLUMN action_parameters jsonb NOT NULL DEFAULT '{}'::jsonb;

UPDATE findings SET action_parameters = jsonb_build_object('kind', 'volume_type_change', 'to', 'gp3',
        'iops', COALESCE(evidence ->> 'gp3_iops', '3000'), 'throughput_mibps', COALESCE(evidence ->> 'gp3_throughput_mibps', '125'))
WHERE action = 'modify_volume_type';

UPDATE findings SET action_parameters = jsonb_build_object('kind', 'load_balancer_deletion', 'load_balancer', CASE
        WHEN resource_arn LIKE '%:loadbalancer/app/%' THEN 'application'
        WHEN resource_arn LIKE '%:loadbalancer/net/%' THEN 'network'
        ELSE 'classic' END)
WHERE action = 'delete_load_balancer';
