import type {
  AuditorService,
  AuditorServiceCreateEventOptions,
} from '@backstage/backend-plugin-api';
import type express from 'express';

/**
 * Runs a write as one audit event of Backstage's auditor: success with
 * `meta`, or failure with the error, which is thrown on. Without an auditor
 * (tests that need none) it just writes.
 */
export async function audited<T>(
  auditor: AuditorService | undefined,
  req: express.Request,
  eventId: string,
  meta: AuditorServiceCreateEventOptions['meta'],
  write: () => Promise<T>,
): Promise<T> {
  const event = await auditor?.createEvent({
    eventId,
    severityLevel: 'medium',
    request: req,
    meta,
  });
  try {
    const result = await write();
    await event?.success();
    return result;
  } catch (error) {
    await event?.fail({ error: error as Error });
    throw error;
  }
}
