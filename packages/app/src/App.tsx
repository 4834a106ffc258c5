import { Navigate, Route } from 'react-router-dom';
import { apiDocsPlugin, ApiExplorerPage } from '@backstage/plugin-api-docs';
import {
  CatalogEntityPage,
  CatalogIndexPage,
  catalogPlugin,
} from '@backstage/plugin-catalog';
import {
  CatalogImportPage,
  catalogImportPlugin,
} from '@backstage/plugin-catalog-import';
import { ScaffolderPage, scaffolderPlugin } from '@backstage/plugin-scaffolder';
import { orgPlugin } from '@backstage/plugin-org';
import { SearchPage } from '@backstage/plugin-search';
import {
  SettingsLayout,
  UserSettingsPage,
} from '@backstage/plugin-user-settings';
import {
  NotificationsPage,
  UserNotificationSettingsCard,
} from '@backstage/plugin-notifications';
import { SignalsDisplay } from '@backstage/plugin-signals';
import {
  AlertDisplay,
  OAuthRequestDialog,
  SignInPage,
} from '@backstage/core-components';
import { createApp } from '@backstage/app-defaults';
import { AppRouter, FlatRoutes } from '@backstage/core-app-api';
import { CatalogGraphPage } from '@backstage/plugin-catalog-graph';
import { RequirePermission } from '@backstage/plugin-permission-react';
import { catalogEntityCreatePermission } from '@backstage/plugin-catalog-common/alpha';
import {
  MlMarketplacePage,
  mlPlugin,
  transformTemplateFormErrors,
  MlAssetNameFieldExtension,
  MlEntityPickerFieldExtension,
} from '@ml-marketplace/plugin-ml';
import {
  ML_NOTIFICATION_ORIGIN,
  ML_NOTIFICATION_TOPIC_NAMES,
} from '@ml-marketplace/plugin-ml-common';
import { ScaffolderFieldExtensions } from '@backstage/plugin-scaffolder-react';
import { apis } from './apis';
import {
  demoOwnerAuthApiRef,
  demoReviewerAuthApiRef,
} from './demoReviewerAuth';
import { entityPage } from './components/catalog/EntityPage';
import { searchPage } from './components/search/SearchPage';
import { Root } from './components/Root';

const app = createApp({
  apis,
  bindRoutes({ bind }) {
    bind(catalogPlugin.externalRoutes, {
      createComponent: scaffolderPlugin.routes.root,
      createFromTemplate: scaffolderPlugin.routes.selectedTemplate,
    });
    bind(apiDocsPlugin.externalRoutes, {
      registerApi: catalogImportPlugin.routes.importPage,
    });
    bind(scaffolderPlugin.externalRoutes, {
      registerComponent: catalogImportPlugin.routes.importPage,
    });
    bind(mlPlugin.externalRoutes, {
      createProject: scaffolderPlugin.routes.root,
    });
    bind(orgPlugin.externalRoutes, {
      catalogIndex: catalogPlugin.routes.catalogIndex,
    });
  },
  components: {
    SignInPage: props => (
      <SignInPage
        {...props}
        auto
        providers={[
          'guest',
          {
            id: 'demo-reviewer',
            title: 'Reviewer',
            message:
              'Enter as Ada, who may approve certifications of other teams’ assets',
            apiRef: demoReviewerAuthApiRef,
          },
          {
            id: 'demo-owner',
            title: 'Owner',
            message:
              'Enter as Grace of Growth ML, who owns the churn model and hears about it',
            apiRef: demoOwnerAuthApiRef,
          },
        ]}
      />
    ),
  },
});

const routes = (
  <FlatRoutes>
    {/* The portal opens on the ML home: search, exemplars, what needs attention. */}
    <Route path="/" element={<Navigate to="ml/home" />} />
    <Route path="/catalog" element={<CatalogIndexPage />} />
    <Route
      path="/catalog/:namespace/:kind/:name"
      element={<CatalogEntityPage />}
    >
      {entityPage}
    </Route>
    <Route path="/ml" element={<MlMarketplacePage />} />
    <Route
      path="/create"
      element={
        <ScaffolderPage
          headerOptions={{
            title: 'Create an ML project',
            subtitle:
              'Golden paths that build, test and register models, features and services',
          }}
          // Form errors in words, with each template's own rule for a pattern.
          formProps={{ transformErrors: transformTemplateFormErrors }}
        />
      }
    >
      <ScaffolderFieldExtensions>
        <MlAssetNameFieldExtension />
        <MlEntityPickerFieldExtension />
      </ScaffolderFieldExtensions>
    </Route>
    <Route path="/api-docs" element={<ApiExplorerPage />} />
    <Route
      path="/catalog-import"
      element={
        <RequirePermission permission={catalogEntityCreatePermission}>
          <CatalogImportPage />
        </RequirePermission>
      }
    />
    <Route path="/search" element={<SearchPage />}>
      {searchPage}
    </Route>
    <Route path="/settings" element={<UserSettingsPage />}>
      <SettingsLayout.Route path="/notifications" title="Notifications">
        <UserNotificationSettingsCard
          originNames={{ [ML_NOTIFICATION_ORIGIN]: 'ML marketplace' }}
          topicNames={ML_NOTIFICATION_TOPIC_NAMES}
        />
      </SettingsLayout.Route>
    </Route>
    <Route path="/notifications" element={<NotificationsPage />} />
    <Route path="/catalog-graph" element={<CatalogGraphPage />} />
  </FlatRoutes>
);

export default app.createRoot(
  <>
    <AlertDisplay />
    <OAuthRequestDialog />
    {/* Registers the signals API, so the bell and the list update live. */}
    <SignalsDisplay />
    <AppRouter>
      <Root>{routes}</Root>
    </AppRouter>
  </>,
);
