import { Fragment, type ReactNode } from 'react';
import {
  Chip,
  ListItemIcon,
  ListItemText,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { Link } from '@backstage/core-components';
import type {
  ResultHighlight,
  SearchDocument,
} from '@backstage/plugin-search-common';
import { HighlightedSearchResultText } from '@backstage/plugin-search-react';
import type { MlAssetDocument } from '@ml-marketplace/plugin-ml-common';
import {
  CertificationBadge,
  HealthBadge,
} from '../MarketplacePage/AssetBadges';

const useStyles = makeStyles(
  theme => ({
    item: { display: 'flex', width: '100%' },
    body: { flex: 1, minWidth: 0 },
    text: { margin: 0 },
    head: {
      display: 'flex',
      alignItems: 'center',
      flexWrap: 'wrap',
      gap: theme.spacing(1),
    },
    kind: { fontWeight: 'bold' },
    deprecated: {
      color: theme.palette.error.main,
      borderColor: theme.palette.error.main,
      fontWeight: 'bold',
    },
    meta: {
      display: 'flex',
      alignItems: 'center',
      flexWrap: 'wrap',
      columnGap: theme.spacing(1),
      marginTop: theme.spacing(0.5),
      color: theme.palette.text.secondary,
      fontSize: 12,
    },
    snippet: {
      display: '-webkit-box',
      WebkitBoxOrient: 'vertical',
      overflow: 'hidden',
      overflowWrap: 'anywhere',
      marginTop: theme.spacing(0.5),
    },
  }),
  { name: 'MlAssetSearchResultListItem' },
);

/** Props of {@link MlAssetSearchResultListItem}, as the search page gives them. */
export interface MlAssetSearchResultListItemProps {
  /** An `ml-asset` document. */
  result?: SearchDocument;
  highlight?: ResultHighlight;
  rank?: number;
  icon?: ReactNode | ((result: SearchDocument) => ReactNode);
  /** Lines of text shown before it is cut. @defaultValue 2 */
  lineClamp?: number;
}

function Highlighted(props: {
  field: 'title' | 'text' | 'description';
  highlight?: ResultHighlight;
  fallback: string;
}) {
  const text = props.highlight?.fields[props.field];
  return text && props.highlight ? (
    <HighlightedSearchResultText
      text={text}
      preTag={props.highlight.preTag}
      postTag={props.highlight.postTag}
    />
  ) : (
    <>{props.fallback}</>
  );
}

/**
 * One ML asset among the portal's search results: its title linking to the
 * entity page, kind, owner, lifecycle (deprecated marked), certification and
 * health, and its description (else the matching text).
 */
export function MlAssetSearchResultListItem(
  props: MlAssetSearchResultListItemProps,
) {
  const { highlight, icon, lineClamp = 2 } = props;
  const classes = useStyles();
  const doc = props.result as MlAssetDocument | undefined;
  if (!doc) return null;
  const deprecated = doc.lifecycle === 'deprecated';
  const facts = [
    doc.ownerTitle && `Owner: ${doc.ownerTitle}`,
    doc.task,
    !deprecated && doc.lifecycle,
    typeof doc.consumers === 'number' &&
      (doc.consumers === 1 ? '1 consumer' : `${doc.consumers} consumers`),
  ].filter((f): f is string => !!f);
  return (
    <div className={classes.item} data-testid="ml-asset-search-result">
      {icon && (
        <ListItemIcon>
          {typeof icon === 'function' ? icon(doc) : icon}
        </ListItemIcon>
      )}
      <div className={classes.body}>
        <ListItemText
          className={classes.text}
          disableTypography
          primary={
            <div className={classes.head}>
              <Typography variant="h6" component="span">
                <Link noTrack to={doc.location}>
                  <Highlighted
                    field="title"
                    highlight={highlight}
                    fallback={doc.title}
                  />
                </Link>
              </Typography>
              <Chip
                size="small"
                variant="outlined"
                className={classes.kind}
                label={doc.kind}
                aria-label={`Kind: ${doc.kind}`}
              />
              <CertificationBadge level={doc.certification} />
              {deprecated && (
                <Chip
                  size="small"
                  variant="outlined"
                  className={classes.deprecated}
                  label="Deprecated"
                />
              )}
            </div>
          }
          secondary={
            <>
              <Typography component="div" className={classes.meta}>
                {[
                  doc.health && (
                    <HealthBadge key="health" status={doc.health} />
                  ),
                  ...facts.map(fact => <span key={fact}>{fact}</span>),
                ]
                  .filter(Boolean)
                  .map((part, i) => (
                    <Fragment key={i}>
                      {i > 0 && <span aria-hidden="true">·</span>}
                      {part}
                    </Fragment>
                  ))}
              </Typography>
              <Typography
                component="div"
                variant="body2"
                color="textSecondary"
                className={classes.snippet}
                style={{ WebkitLineClamp: lineClamp }}
              >
                {/* The description reads best; the text holds every searched word. */}
                <Highlighted
                  field={doc.description ? 'description' : 'text'}
                  highlight={highlight}
                  fallback={doc.description ?? doc.text}
                />
              </Typography>
            </>
          }
        />
      </div>
    </div>
  );
}
