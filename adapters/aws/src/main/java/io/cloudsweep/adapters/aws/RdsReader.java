package io.cloudsweep.adapters.aws;

import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.RdsInstance;
import io.cloudsweep.engine.model.RdsSnapshot;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.ResourceRef;
import io.cloudsweep.engine.model.Tags;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.Tag;

import java.time.Instant;
import java.util.List;

/** Reads the RDS DB instances and manual DB snapshots of one region, 100 a page (the API's largest), with the tags DescribeDBInstances carries. */
final class RdsReader {

    static final int PAGE = 100;

    private final RdsClient rds;
    private final Account account;
    private final Region region;

    RdsReader(RdsClient rds, Account account, Region region) {
        this.rds = rds;
        this.account = account;
        this.region = region;
    }

    List<RdsInstance> databases() {
        return Iam.call(Iam.RDS_DESCRIBE_DB_INSTANCES, () -> rds.describeDBInstancesPaginator(request -> request.maxRecords(PAGE))
                .dbInstances().stream()
                .map(this::database)
                .toList());
    }

    /** Manual snapshots only: automated ones belong to their database and go with it. */
    List<RdsSnapshot> snapshots() {
        return Iam.call(Iam.RDS_DESCRIBE_DB_SNAPSHOTS, () -> rds.describeDBSnapshotsPaginator(request -> request.maxRecords(PAGE)
                        .snapshotType("manual"))
                .dbSnapshots().stream()
                .map(this::snapshot)
                .toList());
    }

    private RdsSnapshot snapshot(DBSnapshot snapshot) {
        Instant created = snapshot.snapshotCreateTime() != null ? snapshot.snapshotCreateTime()
                : snapshot.originalSnapshotCreateTime() != null ? snapshot.originalSnapshotCreateTime() : Instant.now();
        return new RdsSnapshot(ResourceRef.rdsSnapshot(account, region, snapshot.dbSnapshotIdentifier()), tags(snapshot.tagList()),
                snapshot.dbInstanceIdentifier() == null ? "" : snapshot.dbInstanceIdentifier(), created,
                snapshot.allocatedStorage() == null ? 0 : snapshot.allocatedStorage(), snapshot.engine() == null ? "" : snapshot.engine(),
                snapshot.status() == null ? "" : snapshot.status());
    }

    private RdsInstance database(DBInstance database) {
        Instant created = database.instanceCreateTime() == null ? Instant.now() : database.instanceCreateTime();
        return new RdsInstance(ResourceRef.rdsInstance(account, region, database.dbInstanceIdentifier()), tags(database.tagList()),
                database.dbInstanceClass(), database.engine(), database.dbInstanceStatus(), created,
                Boolean.TRUE.equals(database.multiAZ()), database.allocatedStorage() == null ? 0 : database.allocatedStorage(),
                database.storageType() == null ? "gp2" : database.storageType());
    }

    private static Tags tags(List<Tag> tags) {
        return SdkTags.of(tags, Tag::key, Tag::value);
    }
}
