/**
 * Topics of the notifications the ML marketplace sends (origin `plugin:ml`),
 * with the names users see when they mute one in their notification settings.
 * Each is one kind of news, so muting one leaves the others.
 */
export const ML_NOTIFICATION_TOPIC_NAMES = {
  'ml.health': 'Health of assets you own',
  'ml.certification': 'Certificates of assets you own',
  'ml.registry': 'Registry drift of assets you own',
  'ml.adoption': 'New consumers of assets you own',
  'ml.upstream': 'Changes to assets you depend on',
  'ml.feedback': 'Reviews and improvement requests',
} as const;

export type MlNotificationTopic = keyof typeof ML_NOTIFICATION_TOPIC_NAMES;

/** The notifications' origin: the ml backend plugin's service principal. */
export const ML_NOTIFICATION_ORIGIN = 'plugin:ml';
