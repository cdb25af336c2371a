// Room Accounts on Azure: one Linux App Service (Node 20) serving the API and the built tab, and one Azure
// Database for PostgreSQL flexible server holding the inventory, audit log and jobs. Deployed by the
// Toolkit's `arm/deploy` step in teamsapp.yml; the outputs are written back to env/.env.dev.

@maxLength(40)
@description('Prefix of every resource name; a hash of the resource group keeps names globally unique.')
param resourceBaseName string = 'roomaccounts-${uniqueString(resourceGroup().id)}'

param location string = resourceGroup().location

@description('App Service plan size. B1 is enough for a few thousand rooms; use P1v3 for larger tenants.')
param webAppSku string = 'B1'

@description('The Entra app registration created by aadApp/create.')
param aadAppClientId string
param aadAppTenantId string
@secure()
param aadAppClientSecret string

@description('Microsoft Entra authority host of the tenant\'s cloud, e.g. https://login.microsoftonline.com or https://login.microsoftonline.us.')
param authorityHost string = 'https://login.microsoftonline.com'

@secure()
@description('Seals the sign-in that long syncs and bulk jobs keep: <key id>:<base64 of 32 random bytes>. Set SECRET_JOB_SEALING_KEY in env/.env.dev.user (e.g. k1:$(openssl rand -base64 32)); it is not derived from the client secret, so rotating that secret breaks no work in flight.')
param jobSealingKey string

param postgresAdminLogin string = 'roomaccounts'
@secure()
@minLength(12)
@description('Administrator password of the PostgreSQL server: set SECRET_POSTGRES_ADMIN_PASSWORD in env/.env.dev.user.')
param postgresAdminPassword string
param postgresSkuName string = 'Standard_B1ms'
param postgresTier string = 'Burstable'
param postgresStorageGB int = 32

var databaseName = 'roomaccounts'

resource plan 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: '${resourceBaseName}-plan'
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  name: resourceBaseName
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      // The tab and the API bundle are built during `deploy`; the API serves the tab. No `npm start`: it would rebuild both.
      appCommandLine: 'node --heap-growing-percent=50 dist/api/main.js'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      healthCheckPath: '/api/health'
    }
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2022-12-01' = {
  name: '${resourceBaseName}-pg'
  location: location
  sku: {
    name: postgresSkuName
    tier: postgresTier
  }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: {
      storageSizeGB: postgresStorageGB
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2022-12-01' = {
  parent: postgres
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// 0.0.0.0 is Azure's "allow connections from Azure services" rule. The server still needs the password and
// TLS; for a private network, replace this with VNet integration of the web app and a private endpoint.
resource allowAzureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2022-12-01' = {
  parent: postgres
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

// The settings api/src/config.ts reads. A separate resource, because TAB_DOMAIN is the site's own host name.
resource appSettings 'Microsoft.Web/sites/config@2022-09-01' = {
  parent: webApp
  name: 'appsettings'
  properties: {
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'true'
    AAD_APP_CLIENT_ID: aadAppClientId
    AAD_APP_TENANT_ID: aadAppTenantId
    SECRET_AAD_APP_CLIENT_SECRET: aadAppClientSecret
    JOB_SEALING_KEY: jobSealingKey
    AUTHORITY_HOST: authorityHost
    TAB_DOMAIN: webApp.properties.defaultHostName
    DATABASE_URL: 'postgresql://${postgresAdminLogin}:${uriComponent(postgresAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${database.name}?sslmode=require'
    DATA_DIR: '/home/data'
  }
}

// The outputs are persisted in env/.env.{envName}. See https://aka.ms/teamsfx-actions/arm-deploy.
output TAB_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output TAB_DOMAIN string = webApp.properties.defaultHostName
output TAB_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output POSTGRES_SERVER_FQDN string = postgres.properties.fullyQualifiedDomainName
