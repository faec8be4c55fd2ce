package io.cloudsweep.adapters.aws;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.ec2.model.Volume;

import javax.xml.stream.XMLInputFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The XML parser the SDK reads EC2, RDS, ELB, Auto Scaling and CloudWatch answers with: Woodstox, found by the
 * service loader, and still deaf to what an answer's DTD asks for (a forged or tampered endpoint's answer).
 */
class XmlAnswersTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void theSdkFindsWoodstox() {
        // Without it on the class path, the JDK's parser is used: correct, but a cold scan pays for compiling it.
        assertThat(XMLInputFactory.newInstance().getClass().getName()).startsWith("com.ctc.wstx.");
    }

    @Test
    void anAnswersExternalEntityIsNeverRead(@TempDir Path directory) throws IOException {
        Path secret = Files.writeString(directory.resolve("secret.txt"), "TOP-SECRET-FILE");
        String answer = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE DescribeVolumesResponse [<!ENTITY leak SYSTEM "%s">]>
                <DescribeVolumesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
                  <requestId>r-1</requestId>
                  <volumeSet><item><volumeId>vol-&leak;</volumeId><size>8</size></item></volumeSet>
                </DescribeVolumesResponse>
                """.formatted(secret.toUri());

        assertThat(describeVolumes(answer)).doesNotContain("TOP-SECRET-FILE");
    }

    @Test
    void anAnswersEntityExpansionIsNotExpanded() throws IOException {
        StringBuilder entities = new StringBuilder("<!ENTITY a0 \"AAAAAAAAAA\">");
        for (int level = 1; level <= 9; level++) {
            entities.append("<!ENTITY a").append(level).append(" \"").append(("&a" + (level - 1) + ";").repeat(10)).append("\">");
        }
        String answer = "<?xml version=\"1.0\"?><!DOCTYPE DescribeVolumesResponse [" + entities + "]>"
                + "<DescribeVolumesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><volumeSet><item>"
                + "<volumeId>vol-&a9;</volumeId></item></volumeSet></DescribeVolumesResponse>";

        // Expanded, the id would be ten thousand million characters long.
        assertThat(describeVolumes(answer)).doesNotContain("AAAAAAAAAA");
    }

    /** What a client reading {@code answer} made of it: the volume ids it read, or the error it gave. */
    private String describeVolumes(String answer) throws IOException {
        byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/xml;charset=UTF-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(AwsCloudTest.KEYS).build()) {
            DescribeVolumesResponse response = ec2.describeVolumes();
            return String.join(",", response.volumes().stream().map(Volume::volumeId).toList());
        } catch (SdkClientException e) {
            return "refused: " + e.getMessage();
        }
    }
}
