package io.cloudsweep.adapters.teams;

import com.microsoft.bot.schema.Activity;
import com.microsoft.bot.schema.Mention;

import java.util.List;
import java.util.Map;

/**
 * The command a Teams message carries: its text without the bot's own mention, each other person's mention written
 * {@code @mention-N} (their Teams id kept under N, so {@code role} can ask who is meant), and Teams' markup undone.
 */
final class TeamsText {

    /** How a mention of someone other than the bot is written in the command text: {@code @mention-1}. */
    static final String MENTION = "@mention-";

    private TeamsText() {
    }

    /** The command typed in {@code activity}; the Teams ids of the people it mentions go into {@code mentioned}. */
    static String command(Activity activity, Map<Integer, String> mentioned) {
        String text = activity.getText() == null ? "" : activity.getText();
        String bot = activity.getRecipient() == null ? null : activity.getRecipient().getId();
        for (Mention mention : activity.getEntities() == null ? List.<Mention>of() : activity.getMentions()) {
            if (mention.getText() == null || mention.getMentioned() == null || mention.getMentioned().getId() == null) {
                continue;
            }
            if (mention.getMentioned().getId().equals(bot)) {
                text = text.replace(mention.getText(), " ");
            } else {
                int number = mentioned.size() + 1;
                mentioned.put(number, mention.getMentioned().getId());
                text = text.replace(mention.getText(), " " + MENTION + number + " ");
            }
        }
        return withoutMentions(text);
    }

    /** Removes {@code <at>CloudSweep</at>} mentions and collapses the whitespace. */
    static String withoutMentions(String text) {
        return text == null ? "" : text.replaceAll("<at>[^<]*</at>", " ").replaceAll("&nbsp;", " ").replaceAll("\\s+", " ").trim();
    }
}
