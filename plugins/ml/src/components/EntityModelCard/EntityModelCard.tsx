import { ReactNode } from 'react';
import {
  Box,
  Divider,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import {
  CodeSnippet,
  EmptyState,
  InfoCard,
  InfoCardVariants,
  Link,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ModelCard,
  ModelEntity,
  ModelEvaluation,
  isModelEntity,
} from '@ml-marketplace/plugin-ml-common';
import { DeclaredRefLinks, useEntityReferences } from '../shared/DeclaredRefs';
import {
  MetricThresholdMark,
  formatMetricValue,
  formatThreshold,
} from '../shared/metricThresholds';
import { CardCompletenessMeter } from './CardCompletenessMeter';

/** What an owner can paste under `spec:` to start a card. */
export const MINIMAL_MODEL_CARD_YAML = `spec:
  modelCard:
    summary: What the model does, in one sentence
    intendedUse: What the model is for and who should use it
    outOfScopeUses:
      - A use the model must not be put to
    limitations:
      - A known limitation
    ethicalConsiderations:
      - name: A risk, e.g. a group the training data under-represents
        mitigation: What was done about it
`;

const useStyles = makeStyles(
  theme => ({
    section: { marginTop: theme.spacing(2) },
    heading: { marginBottom: theme.spacing(0.5) },
    list: { margin: 0, paddingLeft: theme.spacing(3) },
    mitigation: { color: theme.palette.text.secondary },
    citation: {
      whiteSpace: 'pre-wrap',
      fontFamily: 'monospace',
      fontSize: '0.85em',
      margin: 0,
    },
    divider: { margin: theme.spacing(3, 0, 2) },
  }),
  { name: 'MlEntityModelCard' },
);

function Section(props: { title: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <Box component="section" className={classes.section}>
      <Typography variant="h6" component="h3" className={classes.heading}>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

function Paragraph(props: { children: ReactNode }) {
  return (
    <Typography variant="body2" component="p" paragraph>
      {props.children}
    </Typography>
  );
}

function BulletList(props: {
  items: string[];
  render?: (item: string) => ReactNode;
}) {
  const classes = useStyles();
  return (
    <ul className={classes.list}>
      {props.items.map((item, i) => (
        <li key={`${i}-${item}`}>
          <Typography variant="body2" component="span">
            {props.render ? props.render(item) : item}
          </Typography>
        </li>
      ))}
    </ul>
  );
}

const has = <T,>(list: T[] | undefined): list is T[] =>
  Array.isArray(list) && list.length > 0;
const hasText = (text: string | undefined): text is string =>
  typeof text === 'string' && text.trim().length > 0;

/** True when the entity declares no model card field at all. */
function isEmptyCard(card: ModelCard | undefined): boolean {
  if (!card) return true;
  return Object.values(card).every(value =>
    Array.isArray(value) ? value.length === 0 : !hasText(value as string),
  );
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

function MetricsTable(props: { evaluation: ModelEvaluation[] }) {
  return (
    <Table size="small" aria-label="Declared evaluation results">
      <TableHead>
        <TableRow>
          <TableCell>Metric</TableCell>
          <TableCell>Slice</TableCell>
          <TableCell>Data</TableCell>
          <TableCell align="right">Value</TableCell>
          <TableCell align="right">Threshold</TableCell>
          <TableCell>Met</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.evaluation.map((e, i) => (
          <TableRow key={`${i}-${e.metric}-${e.slice ?? ''}`}>
            <TableCell>{e.metric}</TableCell>
            <TableCell>{e.slice ?? 'overall'}</TableCell>
            <TableCell>
              {[e.dataset, e.split && `split: ${e.split}`]
                .filter(Boolean)
                .join(', ') || '—'}
            </TableCell>
            <TableCell align="right">{formatMetricValue(e.value)}</TableCell>
            <TableCell align="right">{formatThreshold(e)}</TableCell>
            <TableCell>
              <MetricThresholdMark metric={e} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** The card's sections, in Model Card Toolkit order; only those declared. */
function ModelCardDocument(props: { entity: ModelEntity }) {
  const classes = useStyles();
  const { entity } = props;
  const card: ModelCard = entity.spec.modelCard ?? {};
  const evaluation = entity.spec.evaluation ?? [];
  const trainedOn = entity.spec.trainedOn ?? [];
  // Asked only when there is training data to show.
  const references = useEntityReferences(
    trainedOn.length ? stringifyEntityRef(entity) : undefined,
  );

  return (
    <>
      {hasText(entity.metadata.description) && (
        <Typography variant="body1" component="p" paragraph>
          {entity.metadata.description}
        </Typography>
      )}
      {hasText(card.summary) &&
        card.summary !== entity.metadata.description && (
          <Paragraph>{card.summary}</Paragraph>
        )}
      {hasText(card.intendedUse) && (
        <Section title="Intended use">
          <Paragraph>{card.intendedUse}</Paragraph>
        </Section>
      )}
      {has(card.useCases) && (
        <Section title="Use cases">
          <BulletList items={card.useCases} />
        </Section>
      )}
      {has(card.users) && (
        <Section title="Users">
          <BulletList items={card.users} />
        </Section>
      )}
      {has(card.outOfScopeUses) && (
        <Section title="Out-of-scope uses">
          <BulletList items={card.outOfScopeUses} />
        </Section>
      )}
      {has(card.limitations) && (
        <Section title="Limitations">
          <BulletList items={card.limitations} />
        </Section>
      )}
      {has(card.tradeoffs) && (
        <Section title="Trade-offs">
          <BulletList items={card.tradeoffs} />
        </Section>
      )}
      {has(card.ethicalConsiderations) && (
        <Section title="Ethical considerations">
          <ul className={classes.list}>
            {card.ethicalConsiderations.map((c, i) => (
              <li key={`${i}-${c.name}`}>
                <Typography variant="body2" component="span">
                  {c.name}
                </Typography>
                <Typography
                  variant="body2"
                  component="p"
                  className={classes.mitigation}
                >
                  {c.mitigation ? (
                    <>Mitigation: {c.mitigation}</>
                  ) : (
                    <em>No mitigation recorded</em>
                  )}
                </Typography>
              </li>
            ))}
          </ul>
        </Section>
      )}
      {(hasText(card.trainingData) || has(trainedOn)) && (
        <Section title="Training data">
          {hasText(card.trainingData) && (
            <Paragraph>{card.trainingData}</Paragraph>
          )}
          {has(trainedOn) && (
            <Typography variant="body2" component="div">
              Datasets:{' '}
              <DeclaredRefLinks
                references={references}
                field="trainedOn"
                declared={trainedOn.length}
              />
            </Typography>
          )}
        </Section>
      )}
      {hasText(card.evaluationData) && (
        <Section title="Evaluation data">
          <Paragraph>{card.evaluationData}</Paragraph>
        </Section>
      )}
      {(hasText(card.quantitativeAnalysis) || has(evaluation)) && (
        <Section title="Metrics">
          {hasText(card.quantitativeAnalysis) && (
            <Paragraph>{card.quantitativeAnalysis}</Paragraph>
          )}
          {has(evaluation) && <MetricsTable evaluation={evaluation} />}
        </Section>
      )}
      {has(card.caveats) && (
        <Section title="Caveats and recommendations">
          <BulletList items={card.caveats} />
        </Section>
      )}
      {has(card.languages) && (
        <Section title="Languages">
          <Paragraph>{card.languages.join(', ')}</Paragraph>
        </Section>
      )}
      {has(card.references) && (
        <Section title="References">
          <BulletList
            items={card.references}
            render={ref => (isUrl(ref) ? <Link to={ref}>{ref}</Link> : ref)}
          />
        </Section>
      )}
      {hasText(card.citation) && (
        <Section title="Citation">
          <pre className={classes.citation}>{card.citation}</pre>
        </Section>
      )}
    </>
  );
}

/** Props of {@link EntityModelCard}. */
export interface EntityModelCardProps {
  variant?: InfoCardVariants;
}

/**
 * A Model's card (`spec.modelCard`, its description and declared evaluation) as
 * a readable document, with how complete it is and what the owner could add.
 *
 * The data comes from the entity itself, so there is no loading or error
 * state, except for the training datasets: the backend says which of them the
 * user may see, so those hidden from them are counted, never named.
 * On entities other than Models the card shows a one-line notice rather than
 * nothing, so a misplaced card explains itself (like the ML summary card);
 * mount it with an `isKind('model')` filter to hide it elsewhere.
 */
export function EntityModelCard(props: EntityModelCardProps) {
  const classes = useStyles();
  const { entity } = useEntity();

  if (!isModelEntity(entity)) {
    return (
      <InfoCard title="Model card" variant={props.variant}>
        <Typography variant="body2">
          Model cards are written for Model entities; this entity is a{' '}
          {entity.kind}.
        </Typography>
      </InfoCard>
    );
  }

  if (isEmptyCard(entity.spec.modelCard)) {
    return (
      <InfoCard title="Model card" variant={props.variant}>
        <ModelCardDocument entity={entity} />
        <EmptyState
          missing="content"
          title="No model card yet"
          description="Tell consumers what this model is for, where it must not be used and what its limits are: add spec.modelCard to its catalog-info.yaml."
          action={
            <>
              <CardCompletenessMeter entity={entity} />
              <Box mt={2}>
                <CodeSnippet
                  language="yaml"
                  text={MINIMAL_MODEL_CARD_YAML}
                  showCopyCodeButton
                />
              </Box>
            </>
          }
        />
      </InfoCard>
    );
  }

  return (
    <InfoCard title="Model card" variant={props.variant}>
      <ModelCardDocument entity={entity} />
      <Divider className={classes.divider} />
      <CardCompletenessMeter entity={entity} />
    </InfoCard>
  );
}
