package io.cloudsweep.adapters.teams;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TeamsActivitiesTest {

    private static String invoke(String channel, String name) {
        return "{\"type\":\"invoke\"," + name + "\"id\":\"i-1\",\"serviceUrl\":\"https://smba.trafficmanager.net/emea/\",\"channelId\":\"" + channel
                + "\",\"from\":{\"id\":\"29:aad-ana\",\"aadObjectId\":\"aad-ana\"},\"conversation\":{\"id\":\"a:1\",\"tenantId\":\"tenant-acme\"},"
                + "\"replyToId\":\"activity-1\",\"value\":{\"action\":{\"type\":\"Action.Execute\",\"verb\":\"command\",\"data\":{\"command\":\"findings\"}}}}";
    }

    @Test
    void anInvokeNamingNothingIsNoActivity() {
        // found by TeamsActivitiesPropertyTest: the SDK answered such an invoke from any channel but msteams with a 500
        assertThat(TeamsActivities.read(invoke("", ""))).isEmpty();
        assertThat(TeamsActivities.read(invoke("msteams", ""))).isEmpty();
        assertThat(TeamsActivities.read(invoke("msteams", "\"name\":\"adaptiveCard/action\","))).isPresent();
    }
}
