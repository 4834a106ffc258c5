import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  SupportButton,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  EntityRefLink,
  EntityRefLinks,
  catalogApiRef,
  getEntityRelations,
} from '@backstage/plugin-catalog-react';
import { Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
import { Chip } from '@material-ui/core';
import { ML_KINDS } from '@ml-marketplace/plugin-ml-common';
import useAsync from 'react-use/esm/useAsync';

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.description',
  'metadata.tags',
  'spec.lifecycle',
  'spec.task',
  'relations',
];

const columns: TableColumn<Entity>[] = [
  {
    title: 'Name',
    field: 'metadata.name',
    highlight: true,
    render: entity => (
      <EntityRefLink entityRef={entity} title={entity.metadata.title} />
    ),
  },
  { title: 'Kind', field: 'kind' },
  {
    title: 'Owner',
    render: entity => (
      <EntityRefLinks
        entityRefs={getEntityRelations(entity, RELATION_OWNED_BY)}
        defaultKind="group"
      />
    ),
  },
  { title: 'Lifecycle', field: 'spec.lifecycle' },
  { title: 'Task', field: 'spec.task' },
  { title: 'Description', field: 'metadata.description', width: '35%' },
  {
    title: 'Tags',
    field: 'metadata.tags',
    render: entity =>
      (entity.metadata.tags ?? []).map(tag => (
        <Chip key={tag} size="small" label={tag} />
      )),
  },
];

/**
 * The marketplace: every Model, Feature and Dataset the caller may see, in one
 * searchable table.
 */
export function MarketplacePage() {
  const catalogApi = useApi(catalogApiRef);
  const { value, loading, error } = useAsync(
    async () =>
      (
        await catalogApi.getEntities({
          filter: { kind: [...ML_KINDS] },
          fields: FIELDS,
          order: { field: 'metadata.name', order: 'asc' },
        })
      ).items,
    [catalogApi],
  );

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!value?.length) {
    body = (
      <EmptyState
        missing="data"
        title="No ML assets yet"
        description="Register a catalog-info.yaml with a Model, Feature or Dataset entity (apiVersion ml-marketplace.io/v1alpha1), or create a project from an ML template."
      />
    );
  } else {
    body = (
      <Table<Entity>
        title={`ML assets (${value.length})`}
        options={{
          paging: value.length > 20,
          pageSize: 20,
          search: true,
          padding: 'dense',
        }}
        columns={columns}
        data={value}
      />
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title="ML Marketplace"
        subtitle="Find, trust and reuse models, features and datasets"
      />
      <Content>
        <ContentHeader title="Assets">
          <SupportButton>
            Models, features and datasets registered in the catalog by their
            owners.
          </SupportButton>
        </ContentHeader>
        {body}
      </Content>
    </Page>
  );
}
