import { ReactNode, useState } from 'react';
import {
  Box,
  Button,
  Chip,
  Grid,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityRefLink,
  EntityRefLinks,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  cardCompleteness,
  mlCertificationApprovePermission,
  type AuditAction,
  type AuditEntry,
  type Certification,
  type CertificationEvidence,
} from '@ml-marketplace/plugin-ml-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { mlApiRef } from '../../api';
import {
  describeError,
  formatDate,
  isPast,
  relativeTime,
} from '../shared/entityCardFormat';
import { LEVEL_COLOURS } from '../shared/certificationLevels';
import { REQUIREMENT_LABELS } from './requirementLabels';
import { approvalPreview } from './approvalPreview';
import {
  CertificationDecision,
  CertificationDecisionDialog,
} from './CertificationDecisionDialog';

const ACTION_LABELS: Record<AuditAction, string> = {
  certified: 'Certified',
  downgraded: 'Downgraded',
  renewed: 'Renewed',
  approved: 'Approved',
  revoked: 'Revoked',
};

const useStyles = makeStyles(
  theme => ({
    label: {
      color: theme.palette.text.secondary,
      textTransform: 'uppercase',
      fontSize: '10px',
      fontWeight: 'bold',
      letterSpacing: 0.5,
      lineHeight: 1,
      paddingBottom: theme.spacing(0.5),
    },
    section: { marginTop: theme.spacing(3) },
    revoked: {
      marginTop: theme.spacing(2),
      padding: theme.spacing(1, 2),
      borderLeft: `4px solid ${theme.palette.error.main}`,
      backgroundColor: theme.palette.action.hover,
    },
    level: { marginTop: theme.spacing(1.5) },
    levelHeading: {
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(1),
    },
    requirements: { listStyle: 'none', margin: 0, padding: 0 },
    requirement: {
      display: 'flex',
      alignItems: 'baseline',
      gap: theme.spacing(1),
      padding: theme.spacing(0.5, 1),
      borderRadius: theme.shape.borderRadius,
    },
    needed: {
      backgroundColor: theme.palette.action.selected,
      borderLeft: `4px solid ${theme.palette.warning.main}`,
    },
    met: { color: theme.palette.success.main, fontWeight: 'bold' },
    unmet: { color: theme.palette.error.main, fontWeight: 'bold' },
    detail: { color: theme.palette.text.secondary },
    // Table headers and short values never wrap mid-word ("Actio n").
    nowrap: { whiteSpace: 'nowrap' },
  }),
  { name: 'MlEntityCertificationCard' },
);

function Fact(props: { label: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <Grid item xs={12} sm={6}>
      <Typography className={classes.label} component="h3">
        {props.label}
      </Typography>
      <Typography variant="body2" component="div">
        {props.children}
      </Typography>
    </Grid>
  );
}

/** A user or group ref as a link to its catalog page; `system` and the like as text. */
function Actor({ actor }: { actor: string }) {
  if (actor.includes(':')) {
    try {
      return (
        <EntityRefLink
          entityRef={parseEntityRef(actor, { defaultKind: 'user' })}
        />
      );
    } catch {
      // Not an entity ref: shown as is below.
    }
  }
  return <>{actor}</>;
}

function DateText({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()}>
      {formatDate(iso)}
    </time>
  );
}

function LevelBadge({ certification }: { certification: Certification }) {
  const { level, levelTitle } = certification;
  if (!level) {
    return <Chip label="Not certified" variant="outlined" />;
  }
  const colours = LEVEL_COLOURS[level.toLocaleLowerCase('en-US')];
  return (
    <Chip
      label={levelTitle ?? level}
      color={colours ? undefined : 'primary'}
      style={colours && { ...colours, fontWeight: 'bold' }}
      data-level={level}
    />
  );
}

interface LevelGroup {
  id: string;
  title: string;
  evidence: CertificationEvidence[];
}

/** The evidence grouped by level in policy order, then any level the policy no longer has. */
function groupEvidence(certification: Certification): LevelGroup[] {
  const groups: LevelGroup[] = certification.levels.map(l => ({
    ...l,
    evidence: [],
  }));
  for (const item of certification.evidence) {
    let group = groups.find(g => g.id === item.level);
    if (!group) {
      group = { id: item.level, title: item.level, evidence: [] };
      groups.push(group);
    }
    group.evidence.push(item);
  }
  return groups.filter(g => g.evidence.length > 0);
}

function Evidence({
  certification,
  canDecide,
}: {
  certification: Certification;
  canDecide: boolean;
}) {
  const classes = useStyles();
  // A deprecated asset is held at the lowest level: say why, not what is next.
  const deprecated = certification.evidence.find(
    e => e.requirement === 'notDeprecated' && !e.met,
  );
  const groups = groupEvidence(certification);
  const rank = certification.level
    ? certification.levels.findIndex(l => l.id === certification.level)
    : -1;
  const next = certification.levels[rank + 1];
  const nextUnmet = next
    ? certification.evidence.filter(e => e.level === next.id && !e.met)
    : [];

  return (
    <section className={classes.section} aria-label="Evidence">
      <Typography variant="h6" component="h3">
        Evidence
      </Typography>
      {deprecated ? (
        <Typography variant="body2" data-testid="certification-deprecated">
          {deprecated.detail}
        </Typography>
      ) : (
        next &&
        nextUnmet.length > 0 && (
          <Typography variant="body2">
            {next.title} needs {nextUnmet.length} more:{' '}
            {nextUnmet
              .map(e => REQUIREMENT_LABELS[e.requirement] ?? e.requirement)
              .join(', ')}
            .
            {!canDecide &&
              nextUnmet.some(e => e.requirement === 'approval') &&
              certification.reviewers.length > 0 && (
                <>
                  {' '}
                  Reviewers who can approve:{' '}
                  <EntityRefLinks entityRefs={certification.reviewers} />.
                </>
              )}
          </Typography>
        )
      )}
      {groups.map(group => {
        const isNext = group.id === next?.id;
        const groupRank = certification.levels.findIndex(
          l => l.id === group.id,
        );
        const held = groupRank !== -1 && groupRank <= rank;
        return (
          <div
            key={group.id}
            className={classes.level}
            role="group"
            aria-label={`${group.title} requirements`}
          >
            <div className={classes.levelHeading}>
              <Typography variant="subtitle2" component="h4">
                {group.title}
              </Typography>
              {held && <Chip size="small" label="held" />}
              {isNext && <Chip size="small" color="secondary" label="next" />}
            </div>
            <ul className={classes.requirements}>
              {group.evidence.map(item => {
                const needed = isNext && !item.met;
                return (
                  <li
                    key={item.requirement}
                    className={`${classes.requirement} ${
                      needed ? classes.needed : ''
                    }`}
                    data-needed={needed || undefined}
                  >
                    <span
                      role="img"
                      aria-label={item.met ? 'met' : 'not met'}
                      className={item.met ? classes.met : classes.unmet}
                    >
                      {item.met ? '✓' : '✗'}
                    </span>
                    <span>
                      <Typography variant="body2" component="span">
                        {REQUIREMENT_LABELS[item.requirement] ??
                          item.requirement}
                      </Typography>
                      {needed && (
                        <Typography variant="caption" component="span">
                          {' '}
                          (needed for {group.title})
                        </Typography>
                      )}
                      <Typography
                        variant="body2"
                        component="span"
                        className={classes.detail}
                      >
                        {' '}
                        — {item.detail}
                      </Typography>
                    </span>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </section>
  );
}

function History({
  audit,
  levels,
}: {
  audit: AuditEntry[] | Error;
  levels: Certification['levels'];
}) {
  const classes = useStyles();
  const title = (level: string | null) =>
    level === null ? 'none' : levels.find(l => l.id === level)?.title ?? level;

  let body: ReactNode;
  if (audit instanceof Error) {
    body = (
      <Typography role="alert" color="error" variant="body2">
        Could not load the history: {describeError(audit)}
      </Typography>
    );
  } else if (!audit.length) {
    body = <Typography variant="body2">No changes recorded yet.</Typography>;
  } else {
    body = (
      // Scrolls sideways in a narrow column rather than cutting the reason off.
      <Box style={{ overflowX: 'auto' }}>
        <Table size="small" aria-label="Certification history">
          <TableHead>
            <TableRow>
              {['Date', 'Action', 'Level', 'By', 'Reason'].map(label => (
                <TableCell key={label} className={classes.nowrap}>
                  {label}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {audit.map(entry => (
              <TableRow key={entry.id}>
                <TableCell className={classes.nowrap}>
                  <DateText iso={entry.at} />
                </TableCell>
                <TableCell className={classes.nowrap}>
                  {ACTION_LABELS[entry.action] ?? entry.action}
                </TableCell>
                <TableCell className={classes.nowrap}>
                  {title(entry.fromLevel)} → {title(entry.toLevel)}
                </TableCell>
                <TableCell className={classes.nowrap}>
                  <Actor actor={entry.actor} />
                </TableCell>
                <TableCell style={{ minWidth: 140 }}>{entry.reason}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    );
  }
  return (
    <section className={classes.section} aria-label="History">
      <Typography variant="h6" component="h3">
        History
      </Typography>
      {body}
    </section>
  );
}

/**
 * Why the certificate expires when it does: the earliest of re-verification
 * and the approval it rests on, the one rule the backend applies.
 */
function expiryReason(certification: Certification): string {
  const { expiresAt, approval, validityDays } = certification;
  if (
    approval &&
    expiresAt &&
    approval.expiresAt.slice(0, 10) === expiresAt.slice(0, 10)
  ) {
    return 'when the approval it rests on lapses; a reviewer must approve again';
  }
  return `re-verified every ${validityDays} days and renewed while its evidence holds`;
}

function Summary({ certification }: { certification: Certification }) {
  const classes = useStyles();
  const { issuedAt, expiresAt, approval, revoked } = certification;
  return (
    <>
      {revoked && (
        <Typography
          variant="body2"
          component="div"
          className={classes.revoked}
          data-testid="certification-revoked"
        >
          Revoked by <Actor actor={revoked.by} /> on{' '}
          <DateText iso={revoked.at} />: {revoked.reason || 'no reason given'}
        </Typography>
      )}
      <Box mt={2}>
        <Grid container spacing={2}>
          {issuedAt && (
            <Fact label="Issued">
              <DateText iso={issuedAt} /> ({relativeTime(issuedAt)})
            </Fact>
          )}
          {expiresAt && (
            <Fact label="Expiry">
              {isPast(expiresAt) ? 'expired' : 'expires'}{' '}
              {relativeTime(expiresAt)} (<DateText iso={expiresAt} />)
              <Typography
                variant="caption"
                component="div"
                className={classes.detail}
              >
                {expiryReason(certification)}
              </Typography>
            </Fact>
          )}
          <Fact label="Approval">
            {approval ? (
              <>
                By <Actor actor={approval.by} /> on{' '}
                <DateText iso={approval.at} />: {approval.reason}{' '}
                <Typography variant="caption" component="span">
                  (counts until <DateText iso={approval.expiresAt} />
                  {isPast(approval.expiresAt) ? ', expired' : ''})
                </Typography>
              </>
            ) : (
              <em>not approved by a reviewer</em>
            )}
          </Fact>
        </Grid>
      </Box>
    </>
  );
}

/**
 * The certification level of an ML asset, the evidence for each level (so its
 * owner sees what the next level needs), its history, and, for reviewers,
 * approve and revoke.
 */
export function EntityCertificationCard() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const mlApi = useApi(mlApiRef);
  const { allowed: canDecide } = usePermission({
    permission: mlCertificationApprovePermission,
    resourceRef: entityRef,
  });
  const [decision, setDecision] = useState<CertificationDecision>();

  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const [certification, audit] = await Promise.all([
      mlApi.getCertification(entityRef),
      // The history is secondary: its failure is shown in its section.
      mlApi
        .getAudit({ entityRef, limit: 20 })
        .catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))),
    ]);
    return { certification, audit };
  }, [mlApi, entityRef]);

  const title = 'Certification';
  // While refreshing after a decision, the previous content stays.
  if (!value) {
    if (error) {
      return (
        <InfoCard title={title}>
          <ResponseErrorPanel error={error} />
        </InfoCard>
      );
    }
    return (
      <InfoCard title={title}>
        <Progress />
      </InfoCard>
    );
  }

  const { certification, audit } = value;
  const decide = async (reason: string) => {
    if (decision === 'revoke') {
      await mlApi.revokeCertification(entityRef, reason);
    } else {
      await mlApi.approveCertification(entityRef, reason);
    }
    retry();
  };

  const buttons = canDecide && (
    <Box display="flex" style={{ gap: 8 }}>
      <Button
        variant="outlined"
        color="primary"
        size="small"
        onClick={() => setDecision('approve')}
      >
        Approve
      </Button>
      <Button
        variant="outlined"
        size="small"
        onClick={() => setDecision('revoke')}
      >
        Revoke
      </Button>
    </Box>
  );

  return (
    <InfoCard title={title}>
      <Box
        display="flex"
        alignItems="center"
        justifyContent="space-between"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <LevelBadge certification={certification} />
        {buttons}
      </Box>
      {loading && <Progress />}
      {certification.evidence.length === 0 ? (
        <Box mt={2}>
          <Typography variant="body2">
            Not assessed yet: certification is computed after the next health
            sweep.
          </Typography>
        </Box>
      ) : (
        <>
          <Summary certification={certification} />
          <Evidence certification={certification} canDecide={!!canDecide} />
          <History audit={audit} levels={certification.levels} />
        </>
      )}
      {decision && (
        <CertificationDecisionDialog
          decision={decision}
          entityRef={entityRef}
          subject={entity.metadata.title ?? entity.metadata.name}
          preview={approvalPreview(certification)}
          levelTitle={id =>
            id === null
              ? 'uncertified'
              : certification.levels.find(l => l.id === id)?.title ?? id
          }
          cardScore={cardCompleteness(entity).score}
          onSubmit={decide}
          onClose={() => setDecision(undefined)}
        />
      )}
    </InfoCard>
  );
}
